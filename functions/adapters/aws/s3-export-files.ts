import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { EXPORT_LINK_SECONDS, type ExportFiles } from '../../ports';

/**
 * Exports in the program's export bucket (infra/constructs/export-files.ts:
 * private, encrypted, objects gone after a day), each reached by a presigned
 * GET URL valid EXPORT_LINK_SECONDS that downloads it as an attachment.
 */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'exports/',
  ) {}

  async put(name: string, body: Uint8Array, contentType: string): Promise<string> {
    const key = `${this.prefix}${name}`;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ServerSideEncryption: 'AES256' }));
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${name}"`, ResponseCacheControl: 'no-store' }),
      { expiresIn: EXPORT_LINK_SECONDS },
    );
  }
}
