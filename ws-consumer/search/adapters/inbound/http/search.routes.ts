import type { HttpRouter } from '#kernel/http/http-router';
import type { Principal } from '#contracts/auth/principal';
import { EventHitPageSchema, EventSearchQuerySchema, MessageHitPageSchema, MessageSearchQuerySchema, UserHitPageSchema, UserSearchQuerySchema } from '../../../application/search.schema';
import type { SearchUsersUseCase } from '../../../application/use-cases/search-users/search-users.use-case';
import type { SearchMessagesUseCase } from '../../../application/use-cases/search-messages/search-messages.use-case';
import type { SearchEventsUseCase } from '../../../application/use-cases/search-events/search-events.use-case';

export interface SearchHttpUseCases {
  users: SearchUsersUseCase;
  messages: SearchMessagesUseCase;
  events: SearchEventsUseCase;
}

const TAG = 'search';
const BAD = { 400: { description: 'q empty or longer than 200 characters, a bad room name, limit out of range, or a cursor this search did not give' } };

/** The `/v1/search` API of ws-consumer. */
export function searchRoutes(useCases: SearchHttpUseCases) {
  return (router: HttpRouter<Principal>): void => {
    router.add({
      method: 'get',
      path: '/v1/search/users',
      tag: TAG,
      summary: 'Users whose username, email or phone contains q (as `*191954*`); 1-2 characters: usernames starting with q',
      auth: true,
      query: UserSearchQuerySchema,
      responses: { 200: { description: 'A page of users, by username', schema: UserHitPageSchema }, ...BAD },
      handler: async ({ query }) => ({ status: 200, body: await useCases.users.run(query) }),
    });
    router.add({
      method: 'get',
      path: '/v1/search/messages',
      tag: TAG,
      summary: 'Messages with every word of q, best match first, from rooms you may read (optionally one room), with highlighted snippets',
      auth: true,
      query: MessageSearchQuerySchema,
      responses: { 200: { description: 'A page of messages', schema: MessageHitPageSchema }, ...BAD },
      handler: async ({ query, principal }) => ({ status: 200, body: await useCases.messages.run(principal.userId, query) }),
    });
    router.add({
      method: 'get',
      path: '/v1/search/events',
      tag: TAG,
      summary: "Ticketing's events with every word of q in the name or venue, best match first",
      auth: true,
      query: EventSearchQuerySchema,
      responses: { 200: { description: 'A page of events', schema: EventHitPageSchema }, ...BAD },
      handler: async ({ query }) => ({ status: 200, body: await useCases.events.run(query) }),
    });
  };
}
