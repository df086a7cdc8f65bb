/** The ECS API version this cloud speaks (https://api.aliyun.com/document/Ecs/2014-05-26); ECS answers
 * `InvalidVersion` to any other. */
export const ECS_API_VERSION = '2014-05-26';
