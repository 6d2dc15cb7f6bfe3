import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProjectParams } from '../../contract/common.js';
import { ModelArtsError } from '../../contract/errors.js';
import { ListTasksQuery, ListTasksResp, TASK_CENTER_PATH, TaskPathParams, TaskSummary, isPhaseTerminal } from '../../contract/task.js';
import type { EngineRouteOptions } from '../context.js';
import { stopTask } from '../tasks/queue.js';
import { getTaskSummary, listTaskSummaries } from './read-model.js';

const tags = ['local-extension'];

/** The task center (local extension): every task of every kind across datasets, one task, stop. */
export const taskCenterRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { ctx }) => {
  app.get(
    TASK_CENTER_PATH,
    {
      schema: {
        tags,
        summary: 'List tasks of every kind (task center; unfinished first)',
        params: ProjectParams,
        querystring: ListTasksQuery,
        response: { 200: ListTasksResp },
      },
    },
    async (req) => listTaskSummaries(ctx, req.query),
  );

  app.get(
    `${TASK_CENTER_PATH}/:task_id`,
    { schema: { tags, summary: 'One task of any kind (task center)', params: TaskPathParams, response: { 200: TaskSummary } } },
    async (req) => getTaskSummary(ctx, req.params.task_id),
  );

  app.post(
    `${TASK_CENTER_PATH}/:task_id/stop`,
    {
      schema: {
        tags,
        summary: 'Stop a task: a queued one fails at once, a running one when its job notices (status FAILED, ModelArts.4393)',
        params: TaskPathParams,
        response: { 204: z.null().describe('No content') },
      },
    },
    async (req, reply) => {
      const task = getTaskSummary(ctx, req.params.task_id);
      if (isPhaseTerminal(task.phase) || !stopTask(ctx, task.task_id)) {
        throw new ModelArtsError('0107', `Task ${task.task_id} has already ended (${task.status})`);
      }
      return reply.status(204).send(null);
    },
  );
};
