import Box from '@mui/material/Box';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';

/** Below this width the header keeps only the logo: with the account corner, the name would push the page sideways. */
const NAME_HIDDEN_BELOW = '@media (max-width: 359.95px)';

/**
 * The ticket logo and the product name; its colours follow the surrounding text. `compact` drops
 * the name on the narrowest phones (320 px, WCAG 1.4.10), where the link's own label still names it.
 */
export function BrandMark({ compact = false }: { compact?: boolean }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      <ConfirmationNumberRoundedIcon aria-hidden="true" sx={{ color: 'secondary.main', transform: 'rotate(-12deg)' }} />
      <Box
        component="span"
        sx={{
          fontWeight: 800,
          fontSize: '1.25rem',
          letterSpacing: '-0.01em',
          ...(compact ? { [NAME_HIDDEN_BELOW]: { display: 'none' } } : {}),
        }}
      >
        ia
        <Box component="span" sx={{ color: 'secondary.light' }}>
          Tichet
        </Box>
      </Box>
    </Box>
  );
}
