/** An IAM (or VPC Lattice auth) policy document as trellis holds it: parsed JSON, compared with `policiesEqual`. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, unknown>>;
}
