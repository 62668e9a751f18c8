import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { User } from '@iatichet/contracts';
import { RoleChip } from '@/components/data-display/role-chip';
import { PageHeader } from '@/components/layout/page-header';
import { useCurrentUser } from '@/lib/auth/current-user';
import { formatDate } from '@/lib/format-date';
import { useDocumentTitle } from '@/lib/use-document-title';
import { ChangePasswordForm } from './change-password-form';
import { ProfileForm } from './profile-form';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '140px 1fr' }, gap: { xs: 0.25, sm: 2 }, py: 1.25 }}>
      <Typography component="dt" color="text.secondary">
        {term}
      </Typography>
      <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

function Profile({ user }: { user: User }) {
  const { t } = useTranslation('auth');
  return (
    <Box component="dl" sx={{ m: 0 }}>
      <Detail term={t('account.name')}>{user.name}</Detail>
      <Detail term={t('account.email')}>
        {user.email} {user.emailVerified ? t('account.confirmed') : t('account.notConfirmed')}
      </Detail>
      <Detail term={t('account.role')}>
        <RoleChip role={user.role} />
      </Detail>
      <Detail term={t('account.since')}>{formatDate(user.createdAt)}</Detail>
    </Box>
  );
}

/** The signed-in person's own details and the password change form; only shown behind RequireAuth. */
export function AccountPage() {
  const { t } = useTranslation('auth');
  useDocumentTitle(t('account.title'));
  const me = useCurrentUser();
  const sectionSx = { p: { xs: 2.5, sm: 4 }, borderRadius: 3 } as const;
  return (
    <Container maxWidth="md" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={t('account.title')} description={t('account.description')} />
      <Paper variant="outlined" component="section" aria-labelledby="profile-heading" sx={{ ...sectionSx, mb: 3 }}>
        <Typography id="profile-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
          {t('account.profile')}
        </Typography>
        {me.data && <Profile user={me.data} />}
        {me.data && (
          <Box sx={{ maxWidth: 440, mt: 3 }}>
            <ProfileForm key={me.data.id} user={me.data} />
          </Box>
        )}
      </Paper>
      <Paper variant="outlined" component="section" aria-labelledby="password-heading" sx={sectionSx}>
        <Typography id="password-heading" component="h2" variant="h6" sx={{ mb: 0.5 }}>
          {t('password.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {t('password.note')}
        </Typography>
        <Box sx={{ maxWidth: 440 }}>
          <ChangePasswordForm />
        </Box>
      </Paper>
    </Container>
  );
}
