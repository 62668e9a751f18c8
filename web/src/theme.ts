/**
 * The iaTichet look: a deep plum brand with a warm amber accent, system fonts only (the CSP allows
 * no external hosts), and one visible focus ring that every interactive element shares.
 */
import { createTheme } from '@mui/material/styles';

const plum = { light: '#7a4b9c', main: '#4f1f73', dark: '#33104d' };
const amber = { light: '#ffc766', main: '#f5a524', dark: '#b87406' };
/** Text of disabled controls: quieter than secondary text, still 4.5:1 on white. */
const disabledText = '#6b6576';

/** Spread into the `sx` of a section with a dark background so focus rings stay visible on it. */
export const darkSurface = { '--focus-ring': amber.light } as const;

/** The hero's backdrop: the brand plum with a soft light in the top right. */
export const brandGradient = `radial-gradient(circle at 85% 20%, ${plum.light} 0%, transparent 45%), linear-gradient(160deg, ${plum.dark} 0%, ${plum.main} 60%, #5e2a83 100%)`;

const fontStack = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  '"Noto Sans"',
  '"Liberation Sans"',
  'Arial',
  'sans-serif',
].join(',');

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { ...plum, contrastText: '#ffffff' },
    secondary: { ...amber, contrastText: '#2b1700' },
    // Darker than MUI's defaults so that chips, alerts and outlined text in these colours reach
    // 4.5:1 on white and on the page background (MUI's warning orange is 3.1:1).
    success: { main: '#1b5e20', contrastText: '#ffffff' },
    warning: { main: '#9a4a00', contrastText: '#ffffff' },
    info: { main: '#01579b', contrastText: '#ffffff' },
    error: { main: '#c62828', contrastText: '#ffffff' },
    background: { default: '#f7f5fa', paper: '#ffffff' },
    text: { primary: '#1d1a24', secondary: '#55505f' },
    divider: 'rgba(29, 26, 36, 0.12)',
  },
  shape: { borderRadius: 10 },
  typography: {
    fontFamily: fontStack,
    h1: { fontWeight: 800, letterSpacing: '-0.02em', lineHeight: 1.1 },
    h2: { fontWeight: 800, letterSpacing: '-0.015em' },
    h3: { fontWeight: 700, letterSpacing: '-0.01em' },
    h4: { fontWeight: 700 },
    h5: { fontWeight: 700 },
    h6: { fontWeight: 700 },
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        // Sections on a dark background set --focus-ring to a light colour so the ring stays visible.
        body: { '--focus-ring': plum.main },
        ':focus-visible': { outline: '3px solid var(--focus-ring)', outlineOffset: '2px' },
        '@media (prefers-reduced-motion: reduce)': {
          '*, *::before, *::after': { animationDuration: '0.01ms !important', transitionDuration: '0.01ms !important' },
        },
      },
    },
    // ButtonBase resets `outline`, so buttons, icon buttons and list items need the ring set on them.
    MuiButtonBase: {
      styleOverrides: { root: { '&.Mui-focusVisible': { outline: '3px solid var(--focus-ring)', outlineOffset: '2px' } } },
    },
    MuiButton: {
      styleOverrides: {
        root: { borderRadius: 999 },
        contained: { paddingInline: 18 },
        outlined: { paddingInline: 18 },
        text: { paddingInline: 12 },
      },
    },
    MuiAppBar: { styleOverrides: { root: darkSurface } },
    MuiLink: { defaultProps: { underline: 'hover' } },
    // A disabled field's label and helper text stay readable (MUI greys them to 2.7:1); the field
    // itself still looks and acts disabled.
    MuiFormHelperText: { styleOverrides: { root: { '&.Mui-disabled': { color: disabledText } } } },
    MuiFormLabel: { styleOverrides: { root: { '&.Mui-disabled': { color: disabledText } } } },
    MuiInputLabel: { styleOverrides: { root: { '&.Mui-disabled': { color: disabledText } } } },
    MuiFormControlLabel: { styleOverrides: { label: { '&.Mui-disabled': { color: disabledText } } } },
  },
});
