/** Which organizer the admin pages show: the remembered choice while it is still one of the caller's, else the first. */
export function chooseOrganizer<T extends { id: string }>(organizers: readonly T[], remembered: string | null): T | undefined {
  return organizers.find((organizer) => organizer.id === remembered) ?? organizers[0];
}
