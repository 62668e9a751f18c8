import { useTranslation } from 'react-i18next';
import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { EventsOnSale } from '@/features/events/components/events-on-sale';
import { useDocumentTitle } from '@/lib/use-document-title';

export function EventsRoute() {
  const { t } = useTranslation('events');
  useDocumentTitle(t('list.title'));
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 5, md: 7 } }}>
      <Typography component="h1" variant="h3" sx={{ mb: 1 }}>
        {t('list.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4 }}>
        {t('list.text')}
      </Typography>
      <EventsOnSale />
    </Container>
  );
}
