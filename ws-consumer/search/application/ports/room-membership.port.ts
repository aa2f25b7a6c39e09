/** Chat's memberships as search needs them. */
export interface RoomMembershipPort {
  /** The private and direct rooms the user is a member of now (not public or event rooms, which everyone reads). */
  closedRoomsOf(userId: string): Promise<string[]>;
}
