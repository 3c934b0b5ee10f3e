import { createHash } from 'node:crypto';
import type { SigningCertificate } from '../../state.js';
import type { Operation } from '../query.js';
import { QueryError } from '../query-error.js';
import { credentialId } from './credential-input.js';
import { targetUser } from './entities.js';
import { entityAlreadyExists, limitExceeded, noSuchEntity } from './errors.js';
import { NAME, REQUIRED, readInput } from './input.js';
import { paginate } from './paging.js';

/** X.509 certificates for SOAP-era services; they block DeleteUser until removed. */
const CERTIFICATES_PER_USER = 2;

export const listSigningCertificates: Operation = (context) => {
  const { UserName } = readInput(context, { UserName: NAME });
  const user = targetUser(context, UserName);
  const { items, ...paging } = paginate(
    context,
    user.signingCertificates,
    (cert) => cert.certificateId,
  );
  return { Certificates: items.map((cert) => certificateXml(user.userName, cert)), ...paging };
};

export const deleteSigningCertificate: Operation = (context) => {
  const input = readInput(context, { UserName: NAME, CertificateId: credentialId(24) });
  const user = targetUser(context, input.UserName);
  const id = input.CertificateId as string;
  if (!user.signingCertificates.some((cert) => cert.certificateId === id)) {
    throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
  }
  user.signingCertificates = user.signingCertificates.filter((cert) => cert.certificateId !== id);
  return undefined;
};

/** The sandbox checks only the PEM armour; the id is derived from the body, as IAM's is. */
export const uploadSigningCertificate: Operation = (context) => {
  const input = readInput(context, {
    UserName: NAME,
    CertificateBody: { ...REQUIRED, max: 16384 },
  });
  const user = targetUser(context, input.UserName);
  const body = (input.CertificateBody as string).trim();
  if (!/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(body)) {
    throw new QueryError('MalformedCertificate', 'Unable to parse certificate.', 400);
  }
  const certificateId = createHash('sha1').update(body).digest('hex').toUpperCase().slice(0, 32);
  if (user.signingCertificates.some((cert) => cert.certificateId === certificateId)) {
    throw entityAlreadyExists('The Certificate already exists.');
  }
  if (user.signingCertificates.length >= CERTIFICATES_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for CertificatesPerUser: ${CERTIFICATES_PER_USER}`);
  }
  const cert: SigningCertificate = {
    certificateId,
    certificateBody: body,
    status: 'Active',
    uploadDate: context.now,
  };
  user.signingCertificates.push(cert);
  return { Certificate: certificateXml(user.userName, cert) };
};

function certificateXml(userName: string, cert: SigningCertificate) {
  return {
    UserName: userName,
    CertificateId: cert.certificateId,
    CertificateBody: cert.certificateBody,
    Status: cert.status,
    UploadDate: cert.uploadDate,
  };
}
