/**
 * EN | RO in the header. Anyone may switch; the choice is kept in this browser, and for a signed-in
 * person also saved as their `locale` (so emails and tickets follow, and the next device too).
 * `useAccountLocale` applies a signed-in person's saved language when they arrive or sign in.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { changeLocale } from '@/i18n';
import { LOCALES, isLocale, type Locale } from '@/i18n/locale';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useUpdateProfile } from '../api/update-profile';

const NATIVE_NAMES: Record<Locale, string> = { en: 'English', ro: 'Română' };

export function useAccountLocale(): void {
  const me = useCurrentUser();
  const saved = me.data?.locale;
  useEffect(() => {
    if (saved !== undefined) changeLocale(saved);
  }, [saved]);
}

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const updateProfile = useUpdateProfile();
  const current = isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';

  const choose = (locale: Locale) => {
    changeLocale(locale);
    // Saved quietly: if it fails the page still switches, and the next switch tries again.
    if (me.data && me.data.locale !== locale) updateProfile.mutate({ locale });
  };

  return (
    <ToggleButtonGroup
      exclusive
      size="small"
      value={current}
      aria-label={t('language.label')}
      onChange={(_, value: unknown) => {
        if (isLocale(value)) choose(value);
      }}
      sx={{
        '& .MuiToggleButton-root': {
          color: 'inherit',
          borderColor: 'rgba(255,255,255,0.5)',
          fontWeight: 700,
          px: 1,
          minWidth: 44,
          minHeight: 44,
          '&.Mui-selected': { color: 'primary.dark', bgcolor: 'common.white' },
          '&.Mui-selected:hover': { bgcolor: 'grey.100' },
        },
      }}
    >
      {LOCALES.map((locale) => (
        <ToggleButton key={locale} value={locale} lang={locale}>
          {locale.toUpperCase()}
          <Box component="span" sx={visuallyHidden}>
            {` ${NATIVE_NAMES[locale]}`}
          </Box>
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
