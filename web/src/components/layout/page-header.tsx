import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';

export interface Crumb {
  label: string;
  href: string;
}

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** The pages above this one, outermost first; the current page is added at the end. */
  breadcrumbs?: readonly Crumb[];
}

/** The top of an inner page: where you are, the page's one h1, and a line about what it is for. */
export function PageHeader({ title, description, breadcrumbs }: PageHeaderProps) {
  const { t } = useTranslation();
  return (
    <Box sx={{ mb: { xs: 3, sm: 4 } }}>
      {breadcrumbs !== undefined && breadcrumbs.length > 0 && (
        <Breadcrumbs aria-label={t('breadcrumb')} sx={{ mb: 1 }}>
          {breadcrumbs.map((crumb) => (
            <Link key={crumb.href} component={RouterLink} to={crumb.href} color="inherit">
              {crumb.label}
            </Link>
          ))}
          <Typography color="text.primary" aria-current="page">
            {title}
          </Typography>
        </Breadcrumbs>
      )}
      <Typography component="h1" variant="h4" sx={{ mb: description === undefined ? 0 : 1 }}>
        {title}
      </Typography>
      {description !== undefined && <Typography color="text.secondary">{description}</Typography>}
    </Box>
  );
}
