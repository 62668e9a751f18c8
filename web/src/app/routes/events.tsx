import Container from '@mui/material/Container';
import Typography from '@mui/material/Typography';
import { EventsOnSale } from '@/features/events/components/events-on-sale';
import { useDocumentTitle } from '@/lib/use-document-title';

export function EventsRoute() {
  useDocumentTitle('Events');
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 5, md: 7 } }}>
      <Typography component="h1" variant="h3" sx={{ mb: 1 }}>
        Events
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4 }}>
        Everything with tickets on sale: search by name, venue or city, and narrow it down by date and price.
      </Typography>
      <EventsOnSale />
    </Container>
  );
}
