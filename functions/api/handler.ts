/**
 * The agent workspace API in AWS: API Gateway HTTP API (JWT authorizer on the Cognito user pool) → this
 * Lambda → the one router (functions/api/app.ts). The token is verified again here with aws-jwt-verify.
 */
import { handle } from 'hono/aws-lambda';
import type { ProfileId } from '../../schemas/profile.js';
import { createApi } from './app.js';
import { CognitoAuthenticator } from './auth.js';
import { apiDepsFromEnv } from './deps.js';
import { awsErasure } from './privacy-deps.js';
import { awsSupervision } from './supervision-aws.js';

const userPoolId = process.env.USER_POOL_ID ?? '';
const clientId = process.env.USER_POOL_CLIENT_ID ?? '';
if (!userPoolId || !clientId)
  throw new Error('API configuration: USER_POOL_ID and USER_POOL_CLIENT_ID must be set');

const supervision = awsSupervision(process.env, (process.env.HOTLINE_PROFILE ?? 'auto-dealer') as ProfileId);
const privacy = awsErasure(process.env);
const { app } = createApi(
  apiDepsFromEnv(process.env, new CognitoAuthenticator({ userPoolId, clientId }), {
    ...(supervision ? { supervision } : {}),
    ...(privacy ? { privacy } : {}),
  }),
);

export const handler = handle(app);
