import type { RealtimeClient } from '../../sdk';
import type { Booking, EventSummary, Hold, PlatformApi, Seat } from '../../sdk/platform-api';
import { h, report } from './dom';

const BOOKING_FRAMES = ['booking:queue_position', 'booking:processing', 'booking:confirmed', 'booking:failed', 'booking:cancelled', 'payment:processing', 'payment:success', 'payment:failed', 'payment:refunded', 'waitlist:offer'] as const;

/**
 * Events and their seat maps: seats change colour as ticket:availability arrives (the event's
 * room); choose seats, hold, book, pay, and watch the booking frames come in.
 */
export class EventsView {
  readonly element = h('section', { class: 'events', 'data-testid': 'events' });
  private readonly list = h('ul', { 'data-testid': 'event-list' });
  private readonly seatMap = h('div', { class: 'seat-map', 'data-testid': 'seat-map' });
  private readonly log = h('ol', { class: 'booking-log', 'data-testid': 'booking-log' });
  private readonly actions = h('div', { class: 'actions' });
  private readonly chosen = new Set<string>();
  private event?: EventSummary;
  private hold?: Hold;
  private booking?: Booking;
  /** Bookings whose booking:processing came (it may come before the POST's answer): they can be paid. */
  private readonly payable = new Set<string>();

  constructor(
    private readonly client: RealtimeClient,
    private readonly api: PlatformApi,
  ) {
    this.element.append(h('h2', {}, 'Events'), this.list, h('h3', { 'data-testid': 'event-title' }), this.seatMap, this.actions, this.log);
    client.on('ticket:availability', ({ event_id, seats }) => {
      if (event_id === this.event?.id) for (const seat of seats) this.paint(seat.id, seat.status);
    });
    for (const type of BOOKING_FRAMES) client.on(type, (payload) => this.frame(type, payload));
  }

  async start(): Promise<void> {
    const { items } = await this.api.events();
    this.list.replaceChildren(...items.map((event) => h('li', {}, h('button', { 'data-event-id': event.id, onclick: () => void this.open(event) }, `${event.name} · ${event.venue} · ${new Date(event.starts_at).toLocaleString()}`))));
  }

  private async open(event: EventSummary): Promise<void> {
    try {
      this.event = event;
      this.chosen.clear();
      this.element.querySelector('[data-testid="event-title"]')!.textContent = event.name;
      await this.client.join(`event:${event.id}`);
      const { items } = await this.api.seats(event.id);
      this.seatMap.replaceChildren(...this.rows(items));
      this.showActions();
    } catch (error) {
      report(error);
    }
  }

  private rows(seats: Seat[]): HTMLElement[] {
    const rows = new Map<string, Seat[]>();
    for (const seat of seats) rows.set(`${seat.section} ${seat.row}`, [...(rows.get(`${seat.section} ${seat.row}`) ?? []), seat]);
    return [...rows].map(([name, row]) => h('div', { class: 'seat-row' }, h('span', { class: 'row-name' }, name), ...row.sort((a, b) => a.number - b.number).map((seat) => this.seat(seat))));
  }

  private seat(seat: Seat): HTMLElement {
    return h('button', { class: 'seat', 'data-seat-id': seat.id, 'data-status': seat.status, title: `${seat.label} · ${seat.price}`, onclick: () => this.toggle(seat.id) }, String(seat.number));
  }

  private toggle(seatId: string): void {
    const button = this.seatButton(seatId);
    if (!button || button.dataset.status !== 'free') return;
    if (this.chosen.has(seatId)) this.chosen.delete(seatId);
    else this.chosen.add(seatId);
    button.classList.toggle('chosen', this.chosen.has(seatId));
    this.showActions();
  }

  private paint(seatId: string, status: Seat['status']): void {
    const button = this.seatButton(seatId);
    if (!button) return;
    button.dataset.status = status;
    if (status !== 'free' && !this.hold?.seat_ids.includes(seatId)) {
      this.chosen.delete(seatId);
      button.classList.remove('chosen');
    }
  }

  private seatButton(seatId: string): HTMLElement | null {
    return this.seatMap.querySelector<HTMLElement>(`[data-seat-id="${seatId}"]`);
  }

  private showActions(): void {
    const step = (label: string, testId: string, run: () => Promise<void>, enabled: boolean) => h('button', { 'data-testid': testId, disabled: !enabled, onclick: () => void run().catch(report) }, label);
    this.actions.replaceChildren(
      step(`Hold ${this.chosen.size} seat(s)`, 'hold', () => this.holdSeats(), this.chosen.size > 0 && !this.hold),
      step('Book', 'book', () => this.book(), Boolean(this.hold) && !this.booking),
      step('Pay', 'pay', () => this.pay(), this.payable.has(this.booking?.id ?? '')),
    );
  }

  private async holdSeats(): Promise<void> {
    this.hold = await this.api.hold(this.event!.id, [...this.chosen]);
    this.note(`held ${this.hold.seat_ids.length} seat(s) until ${new Date(this.hold.expires_at).toLocaleTimeString()}`);
    this.showActions();
  }

  private async book(): Promise<void> {
    this.booking = await this.api.book(this.hold!.id);
    this.note(`booking ${this.booking.id}: ${this.booking.status}, position ${this.booking.queue_position}`);
    this.showActions();
  }

  private async pay(): Promise<void> {
    await this.api.pay(this.booking!.id);
  }

  private frame(type: string, payload: Record<string, unknown>): void {
    this.note(`${type} ${JSON.stringify(payload)}`, type);
    if (type === 'booking:processing') {
      this.payable.add(String(payload.booking_id));
      this.showActions();
    }
    if (type === 'booking:confirmed') this.element.append(h('p', { class: 'confirmation', 'data-testid': 'booking-confirmation' }, `Confirmed: ${String(payload.booking_reference)} · seats ${(payload.seat_numbers as string[]).join(', ')} · ${String(payload.total_amount)} ${String(payload.currency)}`));
    if (type === 'booking:confirmed' || type === 'booking:failed') {
      this.hold = undefined;
      this.booking = undefined;
      this.chosen.clear();
      this.showActions();
    }
  }

  private note(text: string, type = 'note'): void {
    this.log.append(h('li', { 'data-type': type }, text));
  }
}
