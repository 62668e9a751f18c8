import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import EventSeatRoundedIcon from '@mui/icons-material/EventSeatRounded';
import LockRoundedIcon from '@mui/icons-material/LockRounded';
import QrCode2RoundedIcon from '@mui/icons-material/QrCode2Rounded';
import { paths } from '@/config/paths';
import { brandGradient, darkSurface } from '@/theme';
import { TicketIllustration } from './ticket-illustration';

const promises = [
  { icon: <EventSeatRoundedIcon />, key: 'hero.promiseHeld' },
  { icon: <LockRoundedIcon />, key: 'hero.promiseSecure' },
  { icon: <QrCode2RoundedIcon />, key: 'hero.promisePdf' },
];

export function HomeHero() {
  const { t } = useTranslation('home');
  return (
    <Box
      component="section"
      aria-labelledby="hero-heading"
      sx={{
        color: 'primary.contrastText',
        background: brandGradient,
        ...darkSurface,
      }}
    >
      <Container maxWidth="lg" sx={{ py: { xs: 6, md: 10 } }}>
        <Grid container spacing={{ xs: 4, md: 6 }} sx={{ alignItems: 'center' }}>
          <Grid size={{ xs: 12, md: 7 }}>
            <Typography
              sx={{ color: 'secondary.light', fontWeight: 700, letterSpacing: '0.08em', textTransform: 'uppercase', mb: 2 }}
            >
              {t('hero.eyebrow')}
            </Typography>
            <Typography
              id="hero-heading"
              component="h1"
              variant="h2"
              sx={{ fontSize: { xs: '2.4rem', sm: '3rem', md: '3.6rem' } }}
            >
              {t('hero.title')}
            </Typography>
            <Typography sx={{ mt: 2.5, fontSize: { xs: '1.05rem', md: '1.2rem' }, opacity: 0.9, maxWidth: 560 }}>
              {t('hero.text')}
            </Typography>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mt: 4 }}>
              <Button
                component={RouterLink}
                to={paths.events.getHref()}
                variant="contained"
                color="secondary"
                size="large"
                sx={{ px: 4, alignSelf: { xs: 'stretch', sm: 'auto' } }}
              >
                {t('common:actions.browseEvents')}
              </Button>
            </Stack>
            <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mt: 5, display: 'grid', gap: 1.5 }}>
              {promises.map(({ icon, key }) => (
                <Box component="li" key={key} sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
                  <Box aria-hidden="true" sx={{ display: 'inline-flex', color: 'secondary.light' }}>
                    {icon}
                  </Box>
                  <Typography>{t(key)}</Typography>
                </Box>
              ))}
            </Box>
          </Grid>
          <Grid size={{ xs: 12, md: 5 }} sx={{ display: { xs: 'none', md: 'block' } }}>
            <TicketIllustration />
          </Grid>
        </Grid>
      </Container>
    </Box>
  );
}
