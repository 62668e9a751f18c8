import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { EventsOnSale } from '@/features/events/components/events-on-sale';
import { useDocumentTitle } from '@/lib/use-document-title';
import { HomeHero } from './hero';

export function HomeRoute() {
  const { t } = useTranslation('home');
  useDocumentTitle(null);
  return (
    <>
      <HomeHero />
      <Container component="section" maxWidth="lg" aria-labelledby="on-sale-heading" sx={{ py: { xs: 6, md: 8 } }}>
        <Box sx={{ mb: 3 }}>
          <Typography id="on-sale-heading" component="h2" variant="h4">
            {t('onSale.title')}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 0.5 }}>
            {t('onSale.text')}
          </Typography>
        </Box>
        <EventsOnSale headingLevel={3} />
      </Container>
    </>
  );
}
