/**
 * The environment `npm start` would see on a fresh clone: nothing pointing it at another DynamoDB, so it
 * uses its embedded one.
 */
export function endpointEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.AWS_ENDPOINT_URL;
  delete env.API_URL;
  return { ...env, ...extra };
}
