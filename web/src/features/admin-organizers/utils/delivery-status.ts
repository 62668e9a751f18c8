/** The colour of a delivery's status chip: delivered is good news, failed bad, anything else still under way. */
export function deliveryTone(status: string): 'success' | 'error' | 'warning' {
  if (status === 'delivered') return 'success';
  if (status === 'failed') return 'error';
  return 'warning';
}
