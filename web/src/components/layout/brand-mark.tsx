import Box from '@mui/material/Box';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';

/** The ticket logo and the product name; its colours follow the surrounding text. */
export function BrandMark() {
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
      <ConfirmationNumberRoundedIcon aria-hidden="true" sx={{ color: 'secondary.main', transform: 'rotate(-12deg)' }} />
      <Box component="span" sx={{ fontWeight: 800, fontSize: '1.25rem', letterSpacing: '-0.01em' }}>
        ia
        <Box component="span" sx={{ color: 'secondary.light' }}>
          Tichet
        </Box>
      </Box>
    </Box>
  );
}
