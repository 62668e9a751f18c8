import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

interface ErrorScreenProps {
  /** A short code shown large above the title, e.g. "404". */
  eyebrow?: string;
  title: string;
  message: ReactNode;
  icon?: ReactNode;
  actions: ReactNode;
}

/** A whole-page message for a page that cannot be shown. Never shows internals or a stack trace. */
export function ErrorScreen({ eyebrow, title, message, icon, actions }: ErrorScreenProps) {
  return (
    <Container maxWidth="sm" sx={{ py: { xs: 8, sm: 12 }, textAlign: 'center' }}>
      {icon !== undefined && (
        <Box aria-hidden="true" sx={{ color: 'primary.main', mb: 2, '& svg': { fontSize: 56 } }}>
          {icon}
        </Box>
      )}
      {eyebrow !== undefined && (
        <Typography
          sx={{ fontWeight: 800, fontSize: { xs: '3.5rem', sm: '4.5rem' }, lineHeight: 1, color: 'primary.main', mb: 1 }}
        >
          {eyebrow}
        </Typography>
      )}
      <Typography component="h1" variant="h4" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 4 }}>
        {message}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ justifyContent: 'center' }}>
        {actions}
      </Stack>
    </Container>
  );
}
