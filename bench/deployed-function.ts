// The function as s.yaml deploys it, pointed at the local endpoint instead of ecs.<region>.aliyuncs.com.
import { readSYaml } from '../tools/s-yaml';
import { BENCH_CREDENTIALS, SOURCE_REGION_ID } from './local-account';

export interface DeployedFunction {
  /** What FC puts in the environment: s.yaml's variables, the region and the role's credentials. */
  env: Record<string, string>;
  timeoutSeconds: number;
}

export function deployedFunction(ecsUrl: string): DeployedFunction {
  const deployed = readSYaml();
  return {
    env: {
      ...deployed.environment,
      FC_REGION: SOURCE_REGION_ID,
      ECS_ENDPOINT: ecsUrl,
      ALIBABA_CLOUD_ACCESS_KEY_ID: BENCH_CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: BENCH_CREDENTIALS.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: BENCH_CREDENTIALS.securityToken,
    },
    timeoutSeconds: deployed.timeoutSeconds,
  };
}
