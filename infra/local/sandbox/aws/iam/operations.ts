import type { Operation } from '../query.js';
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from './access-keys.js';
import { addUserToGroup, listGroupsForUser, removeUserFromGroup } from './groups.js';
import { getInstanceProfile } from './instance-profiles.js';
import { createLoginProfile, deleteLoginProfile, getLoginProfile } from './login-profiles.js';
import {
  createVirtualMfaDevice,
  deactivateMfaDevice,
  deleteVirtualMfaDevice,
  enableMfaDevice,
  listMfaDevices,
  listVirtualMfaDevices,
} from './mfa.js';
import {
  attachRolePolicy,
  deleteRolePolicy,
  detachRolePolicy,
  getRole,
  getRolePolicy,
  listAttachedRolePolicies,
  listRolePolicies,
  listRoleTags,
  putRolePolicy,
} from './roles.js';
import {
  createServiceSpecificCredential,
  deleteServiceSpecificCredential,
  listServiceSpecificCredentials,
} from './service-credentials.js';
import {
  deleteSigningCertificate,
  listSigningCertificates,
  uploadSigningCertificate,
} from './signing-certificates.js';
import { deleteSshPublicKey, listSshPublicKeys, uploadSshPublicKey } from './ssh-public-keys.js';
import {
  attachUserPolicy,
  deleteUserPolicy,
  detachUserPolicy,
  getUserPolicy,
  listAttachedUserPolicies,
  listUserPolicies,
  putUserPolicy,
} from './user-policies.js';
import { createUser, deleteUser, getUser, listUsers, listUserTags } from './users.js';

/**
 * IAM operations by Action name: what the user and role remediations call, plus the Create calls
 * that tests and benchmarks use to build their own state. State lives in the world (`IamAccount`
 * in state.ts); any other Action gets IAM's InvalidAction answer.
 */
export const iamOperations: Record<string, Operation> = {
  // users
  GetUser: getUser,
  ListUsers: listUsers,
  CreateUser: createUser,
  DeleteUser: deleteUser,
  ListUserTags: listUserTags,
  // console password
  GetLoginProfile: getLoginProfile,
  CreateLoginProfile: createLoginProfile,
  DeleteLoginProfile: deleteLoginProfile,
  // access keys
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  CreateAccessKey: createAccessKey,
  // other long-term credentials
  ListSigningCertificates: listSigningCertificates,
  DeleteSigningCertificate: deleteSigningCertificate,
  UploadSigningCertificate: uploadSigningCertificate,
  ListSSHPublicKeys: listSshPublicKeys,
  DeleteSSHPublicKey: deleteSshPublicKey,
  UploadSSHPublicKey: uploadSshPublicKey,
  ListServiceSpecificCredentials: listServiceSpecificCredentials,
  DeleteServiceSpecificCredential: deleteServiceSpecificCredential,
  CreateServiceSpecificCredential: createServiceSpecificCredential,
  // MFA
  ListMFADevices: listMfaDevices,
  DeactivateMFADevice: deactivateMfaDevice,
  ListVirtualMFADevices: listVirtualMfaDevices,
  DeleteVirtualMFADevice: deleteVirtualMfaDevice,
  CreateVirtualMFADevice: createVirtualMfaDevice,
  EnableMFADevice: enableMfaDevice,
  // user policies
  ListUserPolicies: listUserPolicies,
  GetUserPolicy: getUserPolicy,
  PutUserPolicy: putUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  // groups
  ListGroupsForUser: listGroupsForUser,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  // roles
  GetRole: getRole,
  ListRoleTags: listRoleTags,
  ListRolePolicies: listRolePolicies,
  GetRolePolicy: getRolePolicy,
  PutRolePolicy: putRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  // instance profiles
  GetInstanceProfile: getInstanceProfile,
};
