import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateUserBody, ListUsersResp, ResetPasswordBody, UpdateUserBody, User, UsernameParams } from '../../contract/bff.js';
import { guard } from '../auth/guard.js';
import type { BffRouteOptions } from '../context.js';

/** `/bff/users`: console accounts, admins only. */
export const userRoutes: FastifyPluginAsyncZod<BffRouteOptions> = async (app, { ctx }) => {
  // onRequest: who may call is settled before the body is even parsed.
  app.addHook('onRequest', guard(ctx.sessions, ['admin']));

  app.get('/bff/users', { schema: { response: { 200: ListUsersResp } } }, async () => ({ users: ctx.users.list() }));

  app.post('/bff/users', { schema: { body: CreateUserBody, response: { 201: User } } }, async (req, reply) => {
    const user = await ctx.users.create(req.body);
    return reply.status(201).send(user);
  });

  app.patch(
    '/bff/users/:username',
    { schema: { params: UsernameParams, body: UpdateUserBody, response: { 200: User } } },
    async (req) => ctx.users.update(req.params.username, req.body),
  );

  app.put('/bff/users/:username/password', { schema: { params: UsernameParams, body: ResetPasswordBody } }, async (req, reply) => {
    await ctx.users.resetPassword(req.params.username, req.body.password);
    return reply.status(204).send();
  });
};
