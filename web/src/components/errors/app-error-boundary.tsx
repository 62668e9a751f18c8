/**
 * The last line of defence around the whole app (providers and router included). It sits outside
 * the router, so its fallback uses plain links and a full reload rather than client navigation.
 * React itself logs the caught error to the console; the person using the page sees only the fallback.
 */
import { Component, type ReactNode } from 'react';
import Button from '@mui/material/Button';
import ErrorOutlineRoundedIcon from '@mui/icons-material/ErrorOutlineRounded';
import { ErrorScreen } from './error-screen';

interface State {
  failed: boolean;
}

export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <ErrorScreen
        icon={<ErrorOutlineRoundedIcon />}
        title="Something went wrong"
        message="Sorry, this page stopped working. Reloading usually fixes it; if it does not, please try again in a few minutes."
        actions={
          <>
            <Button variant="contained" onClick={() => window.location.reload()}>
              Reload the page
            </Button>
            <Button variant="outlined" href="/">
              Go to the home page
            </Button>
          </>
        }
      />
    );
  }
}
