import type { DependencyContainer } from 'tsyringe';
import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import { RoomParamsSchema, RoomViewSchema, UserIdListSchema } from '../../../application/room-view';
import { CreateRoomUseCase } from '../../../application/use-cases/create-room/create-room.use-case';
import { ListRoomsUseCase } from '../../../application/use-cases/list-rooms/list-rooms.use-case';
import { AddMemberUseCase } from '../../../application/use-cases/add-member/add-member.use-case';
import { RemoveMemberUseCase } from '../../../application/use-cases/remove-member/remove-member.use-case';
import { ListMembersUseCase } from '../../../application/use-cases/list-members/list-members.use-case';
import { ReadHistoryUseCase } from '../../../application/use-cases/read-history/read-history.use-case';
import { GetPresenceUseCase } from '../../../application/use-cases/get-presence/get-presence.use-case';
import { CreateRoomRequestSchema } from '../../../application/use-cases/create-room/create-room.schema';
import { ListRoomsQuerySchema, RoomListSchema } from '../../../application/use-cases/list-rooms/list-rooms.schema';
import { AddMemberParamsSchema } from '../../../application/use-cases/add-member/add-member.schema';
import { RemoveMemberParamsSchema } from '../../../application/use-cases/remove-member/remove-member.schema';
import { MessagePageSchema, ReadHistoryQuerySchema } from '../../../application/use-cases/read-history/read-history.schema';

export interface RoomsHttpUseCases {
  createRoom: CreateRoomUseCase;
  listRooms: ListRoomsUseCase;
  addMember: AddMemberUseCase;
  removeMember: RemoveMemberUseCase;
  listMembers: ListMembersUseCase;
  readHistory: ReadHistoryUseCase;
  getPresence: GetPresenceUseCase;
}

/** The routes' use cases from a container (main.ts and the route test build them the same way). */
export function resolveRoomsUseCases(c: DependencyContainer): RoomsHttpUseCases {
  return {
    createRoom: c.resolve(CreateRoomUseCase),
    listRooms: c.resolve(ListRoomsUseCase),
    addMember: c.resolve(AddMemberUseCase),
    removeMember: c.resolve(RemoveMemberUseCase),
    listMembers: c.resolve(ListMembersUseCase),
    readHistory: c.resolve(ReadHistoryUseCase),
    getPresence: c.resolve(GetPresenceUseCase),
  };
}

const TAG = 'rooms';

/** The `/v1/rooms` API of ws-consumer: rooms, members, history and presence. */
export function roomsRoutes(useCases: RoomsHttpUseCases) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'post',
      path: '/v1/rooms',
      tag: TAG,
      summary: 'Create a public or private room (you become its first member)',
      auth: true,
      body: CreateRoomRequestSchema,
      responses: {
        201: { description: 'Created', schema: RoomViewSchema },
        400: { description: 'Invalid or reserved name (dm:, event:)' },
        404: { description: 'A member is not a user' },
        409: { description: 'The name is taken' },
      },
      handler: async ({ body, principal }) => ({ status: 201, body: await useCases.createRoom.run(principal.userId, body) }),
    });
    router.add({
      method: 'get',
      path: '/v1/rooms',
      tag: TAG,
      summary: 'Rooms you may read (public and event rooms, your private and direct ones), by name',
      auth: true,
      query: ListRoomsQuerySchema,
      responses: { 200: { description: 'A page of rooms', schema: RoomListSchema } },
      handler: async ({ query, principal }) => ({ status: 200, body: await useCases.listRooms.run(principal.userId, query) }),
    });
    router.add({
      method: 'post',
      path: '/v1/rooms/:room/members/:user',
      tag: TAG,
      summary: 'Add a member (private rooms: members only; public rooms: anyone signed in)',
      auth: true,
      params: AddMemberParamsSchema,
      responses: {
        204: { description: 'The user is a member' },
        403: { description: 'Not a member of the private room, or a direct or event room' },
        404: { description: 'No such room or user' },
      },
      handler: async ({ params, principal }) => {
        await useCases.addMember.run({ actorId: principal.userId, room: params.room, userId: params.user });
        return { status: 204 };
      },
    });
    router.add({
      method: 'delete',
      path: '/v1/rooms/:room/members/:user',
      tag: TAG,
      summary: 'Remove a member, or leave a room with your own id (their open sockets leave a private room)',
      auth: true,
      params: RemoveMemberParamsSchema,
      responses: {
        204: { description: 'The user is no longer a member' },
        403: { description: 'Not allowed to remove that member, or a direct or event room' },
        404: { description: 'No such room' },
      },
      handler: async ({ params, principal }) => {
        await useCases.removeMember.run({ actorId: principal.userId, room: params.room, userId: params.user });
        return { status: 204 };
      },
    });
    router.add({
      method: 'get',
      path: '/v1/rooms/:room/members',
      tag: TAG,
      summary: 'Member ids of a room you may read, ascending',
      auth: true,
      params: RoomParamsSchema,
      responses: {
        200: { description: 'Member ids', schema: UserIdListSchema },
        403: { description: 'You may not read the room' },
        404: { description: 'No such room' },
      },
      handler: async ({ params, principal }) => ({ status: 200, body: await useCases.listMembers.run(principal.userId, params.room) }),
    });
    router.add({
      method: 'get',
      path: '/v1/rooms/:room/messages',
      tag: TAG,
      summary: 'History of a room you may read: newest first (before_seq), or oldest first (after_seq)',
      auth: true,
      params: RoomParamsSchema,
      query: ReadHistoryQuerySchema,
      responses: {
        200: { description: 'A page of messages', schema: MessagePageSchema },
        403: { description: 'You may not read the room' },
        404: { description: 'No such room' },
      },
      handler: async ({ params, query, principal }) => ({
        status: 200,
        body: await useCases.readHistory.run(principal.userId, params.room, { beforeSeq: query.before_seq, afterSeq: query.after_seq, limit: query.limit }),
      }),
    });
    router.add({
      method: 'get',
      path: '/v1/rooms/:room/presence',
      tag: TAG,
      summary: 'Ids of the users with a socket in a room you may read, ascending',
      auth: true,
      params: RoomParamsSchema,
      responses: {
        200: { description: 'Present user ids', schema: UserIdListSchema },
        403: { description: 'You may not read the room' },
        404: { description: 'No such room' },
      },
      handler: async ({ params, principal }) => ({ status: 200, body: await useCases.getPresence.run(principal.userId, params.room) }),
    });
  };
}
