export interface ChargeRequest {
  bookingId: string;
  amount: string;
  currency: string;
  /** The card (a token, in a real gateway); the simulated gateway declines its test card. */
  card: string;
  /** Sent to the gateway too: a retried charge is charged once there as well. */
  idempotencyKey: string;
}

export type ChargeResult = { approved: true; reference: string } | { approved: false; reason: string };

/** The payment service provider. */
export interface PaymentGatewayPort {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: { reference: string; amount: string; currency: string; idempotencyKey: string }): Promise<{ reference: string }>;
}
