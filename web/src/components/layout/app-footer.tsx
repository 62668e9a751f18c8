import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { darkSurface } from '@/theme';
import { BrandMark } from './brand-mark';

export function AppFooter() {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  return (
    <Box component="footer" sx={{ bgcolor: 'primary.dark', color: 'primary.contrastText', mt: 'auto', py: 4, ...darkSurface }}>
      <Container maxWidth="lg">
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={2}
          sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
        >
          <Box>
            <BrandMark />
            <Typography variant="body2" sx={{ mt: 0.5, opacity: 0.8 }}>
              {t('footer.tagline')}
            </Typography>
          </Box>
          <Stack direction="row" spacing={3} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" sx={{ opacity: 0.8 }}>
              © {year} iaTichet
            </Typography>
          </Stack>
        </Stack>
      </Container>
    </Box>
  );
}
