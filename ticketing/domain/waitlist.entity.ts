/** Someone waiting for seats of a sold-out event; offered them, in turn, as a hold made for them. */
export interface WaitlistEntry {
  id: string;
  eventId: string;
  userId: string;
  /** How many seats they want. */
  seats: number;
  status: 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'cancelled';
  holdId: string | null;
  offeredUntil: Date | null;
  createdAt: Date;
}
