import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/**
 * The raw messages SES's receipt rule stored in S3 under `<prefix><messageId>`. A message
 * over `maxBytes` is not read at all (only its size is known): the use case refuses it.
 */
export class S3InboundMessages {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async read(messageId: string, maxBytes: number): Promise<{ raw: Buffer; size: number }> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${messageId}` }));
    const size = object.ContentLength ?? 0;
    if (size > maxBytes) {
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { raw: Buffer.alloc(0), size };
    }
    return { raw: Buffer.from(await object.Body!.transformToByteArray()), size };
  }
}
