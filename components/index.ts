// The component package's TypeScript entry: what programs in other languages can declare (PulumiPlugin.yaml). Pulumi
// reads the schema from here; components/index.js loads it at run time.
export { MinioSso } from "./minio-sso";
