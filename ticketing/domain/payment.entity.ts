/** One attempt to charge a booking (or its refund), named by the payer's Idempotency-Key. */
export interface Payment {
  id: string;
  bookingId: string;
  idempotencyKey: string;
  status: 'succeeded' | 'declined' | 'refunded';
  amount: string;
  currency: string;
  gatewayReference: string | null;
  /** Why the gateway declined. */
  declineReason: string | null;
}
