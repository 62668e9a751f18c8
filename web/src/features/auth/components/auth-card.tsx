import type { ReactNode } from 'react';
import Container from '@mui/material/Container';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';

interface AuthCardProps {
  title: string;
  subtitle: ReactNode;
  children: ReactNode;
  /** Below the card: the way to the other form ("New here? Create an account"). */
  footer: ReactNode;
}

/** The frame of the sign-in and register pages: one narrow card, centred, full width on a phone. */
export function AuthCard({ title, subtitle, children, footer }: AuthCardProps) {
  return (
    <Container maxWidth="xs" sx={{ py: { xs: 4, sm: 8 }, px: { xs: 2, sm: 3 } }}>
      <Paper variant="outlined" sx={{ p: { xs: 2.5, sm: 4 }, borderRadius: 3 }}>
        <Typography component="h1" variant="h4" sx={{ mb: 1, fontSize: { xs: '1.75rem', sm: '2.125rem' } }}>
          {title}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {subtitle}
        </Typography>
        {children}
      </Paper>
      <Typography sx={{ mt: 3, textAlign: 'center' }}>{footer}</Typography>
    </Container>
  );
}
