/** /admin: the way into each admin area. New areas (events, venues, reservations) add a card here. */
import { useTranslation } from 'react-i18next';
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
import { PageHeader } from '@/components/layout/page-header';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';

interface AdminSection {
  title: string;
  description: string;
  href: string;
  icon: ReactNode;
}

const sections: readonly AdminSection[] = [
  {
    title: 'Events',
    description: 'Create, publish and cancel events; ticket types and prices.',
    href: paths.adminEvents.getHref(),
    icon: <EventRoundedIcon />,
  },
  {
    title: 'Venues',
    description: 'Places, halls and their seating plans.',
    href: paths.adminVenues.getHref(),
    icon: <PlaceRoundedIcon />,
  },
  {
    title: 'Reservations',
    description: 'Find a booking, extend a hold, mark paid, cancel or refund.',
    href: paths.adminReservations.getHref(),
    icon: <ConfirmationNumberRoundedIcon />,
  },
  {
    title: 'Users',
    description: 'Find accounts, give staff or admin access, disable an account.',
    href: paths.adminUsers.getHref(),
    icon: <PeopleAltRoundedIcon />,
  },
  {
    title: 'Audit log',
    description: 'Who changed what, and when: every admin action on record.',
    href: paths.adminAudit.getHref(),
    icon: <ManageSearchRoundedIcon />,
  },
];

export function AdminHomeRoute() {
  useDocumentTitle('Admin');
  const { t } = useTranslation('admin-organizers');
  const all: readonly AdminSection[] = [
    {
      title: t('home.title'),
      description: t('home.description'),
      href: paths.adminOrganizer.getHref(),
      icon: <ApartmentRoundedIcon />,
    },
    ...sections,
  ];
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title="Admin" description="Run iaTichet: its people, its records, and what changed." />
      <Grid component="ul" container spacing={3} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {all.map((section) => (
          <Grid component="li" key={section.href} size={{ xs: 12, sm: 6, md: 4 }}>
            <Card variant="outlined" sx={{ height: '100%', borderRadius: 3 }}>
              <CardActionArea component={RouterLink} to={section.href} sx={{ height: '100%', alignItems: 'flex-start' }}>
                <CardContent sx={{ p: 3 }}>
                  <Typography aria-hidden="true" sx={{ color: 'primary.main', mb: 1.5, '& svg': { fontSize: 36 } }}>
                    {section.icon}
                  </Typography>
                  <Typography component="h2" variant="h6" sx={{ mb: 0.5 }}>
                    {section.title}
                  </Typography>
                  <Typography color="text.secondary">{section.description}</Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          </Grid>
        ))}
      </Grid>
    </Container>
  );
}
