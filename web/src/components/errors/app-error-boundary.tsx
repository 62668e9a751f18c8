/**
 * The last line of defence around the whole app (providers and router included). It sits outside
 * the router, so its fallback uses plain links and a full reload rather than client navigation.
 * React itself logs the caught error to the console; the person using the page sees only the fallback.
 */
import { Component, type ReactNode } from 'react';
import i18next from 'i18next';
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
        title={i18next.t('common:state.somethingWrong')}
        message={i18next.t('common:errorPage.crashed')}
        actions={
          <>
            <Button variant="contained" onClick={() => window.location.reload()}>
              {i18next.t('common:actions.reload')}
            </Button>
            <Button variant="outlined" href="/">
              {i18next.t('common:actions.home')}
            </Button>
          </>
        }
      />
    );
  }
}
