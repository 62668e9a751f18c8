/**
 * The header's bell: the unread count as a badge, the latest notifications in a menu (opening one
 * marks it read and goes to its reservation), and a toast when one arrives live. Shown to
 * signed-in people only; anonymous visitors get no notifications.
 */
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { notificationText, notificationTimeZone } from '../utils/notification-text';
import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import Alert from '@mui/material/Alert';
import Badge from '@mui/material/Badge';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import NotificationsRoundedIcon from '@mui/icons-material/NotificationsRounded';
import { useQueryClient } from '@tanstack/react-query';
import { REALTIME, type Notification } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format-date';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';
import {
  notificationsQueryKey,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
} from '../api/notifications';

const TOAST_MS = 6000;

export function bellLabel(unread: number): string {
  return unread === 0 ? i18next.t('notifications:bell.none') : i18next.t('notifications:bell.unread', { count: unread });
}

export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const me = useCurrentUser();
  const signedIn = me.data !== undefined && me.data !== null;
  const query = useNotifications(signedIn);
  const connection = useSocketConnection();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [toast, setToast] = useState<Notification | null>(null);
  const menuId = useId();
  const toastText = toast === null ? null : notificationText(toast);

  useEffect(() => {
    if (!signedIn) return;
    const socket = getSocket();
    const onNotification = (notification: Notification) => {
      setToast(notification);
      void queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
      // What the notification is about (a reservation's status) has changed too.
      void queryClient.invalidateQueries({ queryKey: ['reservations'] });
    };
    socket.on(REALTIME.notification, onNotification);
    return () => {
      socket.off(REALTIME.notification, onNotification);
    };
  }, [signedIn, queryClient]);

  // Back after a drop: whatever arrived meanwhile is in the stored list.
  useEffect(() => {
    if (signedIn && connection !== 0) void queryClient.invalidateQueries({ queryKey: notificationsQueryKey });
  }, [signedIn, connection, queryClient]);

  if (!signedIn) return null;
  const unread = query.data?.unreadCount ?? 0;
  const items = query.data?.items ?? [];

  const open = (notification: Notification) => {
    setAnchor(null);
    if (notification.readAt === null) markRead.mutate(notification.id);
    if (notification.reservationId !== null) void navigate(paths.reservation.getHref(notification.reservationId));
  };

  return (
    <>
      <IconButton
        color="inherit"
        aria-label={bellLabel(unread)}
        aria-controls={anchor ? menuId : undefined}
        aria-haspopup="true"
        aria-expanded={anchor ? 'true' : undefined}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <Badge badgeContent={unread} color="secondary" max={99}>
          <NotificationsRoundedIcon />
        </Badge>
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        slotProps={{ paper: { sx: { width: 360, maxWidth: 'calc(100vw - 24px)' } } }}
      >
        <Typography component="h2" variant="subtitle1" sx={{ px: 2, py: 1, fontWeight: 700 }}>
          {t('bell.title')}
        </Typography>
        <Divider />
        {query.isPending && <MenuItem disabled>{t('bell.loading')}</MenuItem>}
        {query.isError && <MenuItem disabled>{t('bell.failed')}</MenuItem>}
        {query.isSuccess && items.length === 0 && <MenuItem disabled>{t('bell.empty')}</MenuItem>}
        {items.map((n) => (
          <MenuItem key={n.id} onClick={() => open(n)} sx={{ whiteSpace: 'normal', alignItems: 'flex-start' }}>
            <ListItemText
              primary={notificationText(n).title}
              secondary={`${notificationText(n).body} · ${formatDateTime(n.createdAt, notificationTimeZone(n))}`}
              slotProps={{ primary: { sx: { fontWeight: n.readAt === null ? 700 : 400 } } }}
            />
          </MenuItem>
        ))}
        {unread > 0 && (
          <MenuItem onClick={() => markAll.mutate()} sx={{ justifyContent: 'center', color: 'primary.main' }}>
            {t('bell.markAll')}
          </MenuItem>
        )}
      </Menu>
      <Snackbar
        open={toast !== null}
        autoHideDuration={TOAST_MS}
        onClose={(_e, reason) => reason !== 'clickaway' && setToast(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      >
        <Alert
          severity={toast?.type === 'payment_failed' || toast?.type === 'hold_expired' ? 'warning' : 'info'}
          variant="filled"
          onClose={() => setToast(null)}
          action={
            toast?.reservationId ? (
              <Button color="inherit" size="small" onClick={() => open(toast)}>
                {t('bell.view')}
              </Button>
            ) : undefined
          }
        >
          <strong>{toastText?.title}</strong> {toastText?.body}
        </Alert>
      </Snackbar>
    </>
  );
}
