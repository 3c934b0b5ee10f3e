import type { Tag } from '../../state.js';

/**
 * An elastic network interface: what "uses" a security group. Instances reach their groups only
 * through their interfaces, and so do load balancers, Lambda functions in a VPC and endpoints
 * (requester-managed interfaces), so the interfaces are the one complete answer.
 */
export interface NetworkInterface {
  networkInterfaceId: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  description: string;
  ownerId: string;
  /** `interface` for instances' own; load balancers, endpoints and NAT gateways have their own. */
  interfaceType: string;
  /** Created by an AWS service on the account's behalf (ELB, Lambda, VPC endpoint). */
  requesterManaged: boolean;
  status: 'available' | 'in-use';
  privateIpAddress: string;
  /** The public IPv4 address associated with it, if any. */
  publicIp?: string;
  macAddress: string;
  /** Security group ids, in the order they were attached. */
  groupIds: string[];
  /**
   * Every group set the interface had, oldest first: what ModifyNetworkInterfaceAttribute did and
   * in which order, for tests (AWS keeps this only in CloudTrail).
   */
  groupHistory: string[][];
  attachment?: {
    attachmentId: string;
    instanceId?: string;
    instanceOwnerId: string;
    deviceIndex: number;
    attachTime: Date;
    deleteOnTermination: boolean;
  };
  tags: Tag[];
}
