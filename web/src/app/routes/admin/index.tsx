/** /admin: the way into each admin area. New areas (events, venues, reservations) add a card here. */
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Container from '@mui/material/Container';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import EventRoundedIcon from '@mui/icons-material/EventRounded';
import ManageSearchRoundedIcon from '@mui/icons-material/ManageSearchRounded';
import PeopleAltRoundedIcon from '@mui/icons-material/PeopleAltRounded';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import ApartmentRoundedIcon from '@mui/icons-material/ApartmentRounded';
import ReceiptLongRoundedIcon from '@mui/icons-material/ReceiptLongRounded';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/layout/page-header';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';

interface AdminSection {
  /** Its title and description are `sections.<key>.title` and `.description` in admin-home. */
  key: 'organizer' | 'events' | 'venues' | 'reservations' | 'invoices' | 'users' | 'audit';
  href: string;
  icon: ReactNode;
}

const sections: readonly AdminSection[] = [
  {
    key: 'organizer',
    href: paths.adminOrganizer.getHref(),
    icon: <ApartmentRoundedIcon />,
  },
  {
    key: 'events',
    href: paths.adminEvents.getHref(),
    icon: <EventRoundedIcon />,
  },
  {
    key: 'venues',
    href: paths.adminVenues.getHref(),
    icon: <PlaceRoundedIcon />,
  },
  {
    key: 'reservations',
    href: paths.adminReservations.getHref(),
    icon: <ConfirmationNumberRoundedIcon />,
  },
  {
    key: 'invoices',
    href: paths.adminInvoices.getHref(),
    icon: <ReceiptLongRoundedIcon />,
  },
  {
    key: 'users',
    href: paths.adminUsers.getHref(),
    icon: <PeopleAltRoundedIcon />,
  },
  {
    key: 'audit',
    href: paths.adminAudit.getHref(),
    icon: <ManageSearchRoundedIcon />,
  },
];

export function AdminHomeRoute() {
  const { t } = useTranslation('admin-home');
  useDocumentTitle(t('title'));
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={t('title')} description={t('description')} />
      <Grid component="ul" container spacing={3} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {sections.map((section) => (
          <Grid component="li" key={section.href} size={{ xs: 12, sm: 6, md: 4 }}>
            <Card variant="outlined" sx={{ height: '100%', borderRadius: 3 }}>
              <CardActionArea component={RouterLink} to={section.href} sx={{ height: '100%', alignItems: 'flex-start' }}>
                <CardContent sx={{ p: 3 }}>
                  <Typography aria-hidden="true" sx={{ color: 'primary.main', mb: 1.5, '& svg': { fontSize: 36 } }}>
                    {section.icon}
                  </Typography>
                  <Typography component="h2" variant="h6" sx={{ mb: 0.5 }}>
                    {t(`sections.${section.key}.title`)}
                  </Typography>
                  <Typography color="text.secondary">{t(`sections.${section.key}.description`)}</Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          </Grid>
        ))}
      </Grid>
    </Container>
  );
}
