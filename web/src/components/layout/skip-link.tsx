import { useTranslation } from 'react-i18next';
import Link from '@mui/material/Link';

/** The first tab stop: jumps keyboard users past the header to the page's main content. */
export function SkipLink({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  return (
    <Link
      href={`#${targetId}`}
      sx={{
        position: 'absolute',
        left: 16,
        top: 0,
        zIndex: (theme) => theme.zIndex.tooltip + 1,
        px: 2,
        py: 1,
        bgcolor: 'background.paper',
        color: 'primary.main',
        fontWeight: 700,
        borderRadius: 1,
        boxShadow: 3,
        transform: 'translateY(-120%)',
        '&:focus': { transform: 'translateY(8px)' },
      }}
    >
      {t('skipLink')}
    </Link>
  );
}
