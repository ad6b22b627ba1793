/**
 * ECR Public through the AWS SDK v2 (region us-east-1, default credentials chain, endpoint
 * overridable): registry tokens ({@link dev.ackrelease.steps.ecr.EcrPublicAuth}) and repositories
 * that must exist before a push ({@link dev.ackrelease.steps.ecr.EcrPublicRepositories}).
 */
package dev.ackrelease.steps.ecr;
