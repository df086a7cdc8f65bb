import * as z from 'zod/mini';
import { classifiedFailure } from './classify-ecs-error';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

const ContextCredentialsSchema = z.object({
  accessKeyId: z.string().check(z.minLength(1)),
  accessKeySecret: z.string().check(z.minLength(1)),
  securityToken: z.optional(z.string()),
});

/**
 * FC hands each invocation the function role's STS credentials in `context.credentials`; they rotate, so they are
 * read per invocation and never kept. Outside FC (the invoke tool, a test) the standard variables are used.
 */
export function resolveCredentials(contextCredentials: unknown, env: Readonly<Record<string, string | undefined>>): Credentials {
  const fromContext = ContextCredentialsSchema.safeParse(contextCredentials);
  if (fromContext.success) {
    const { accessKeyId, accessKeySecret, securityToken } = fromContext.data;
    return { accessKeyId, accessKeySecret, securityToken: securityToken === '' ? undefined : securityToken };
  }
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (accessKeyId && accessKeySecret) {
    return { accessKeyId, accessKeySecret, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
  }
  throw classifiedFailure({
    Code: 'MissingCredentials',
    Message:
      'No credentials: give the function a role (FC passes its STS credentials to each invocation) or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  });
}
