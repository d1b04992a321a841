import { describe, expect, it } from 'vitest';
import { isResource, subjectKind } from '../../../core/domain/subject-kind';

describe('subjectKind', () => {
  it('tells AWS resources from collection health and sign-offs', () => {
    expect(subjectKind('AWS::S3::Bucket')).toBe('resource');
    expect(subjectKind('AWS::::Account')).toBe('resource');
    expect(subjectKind('HIPAA::Coverage::Collector')).toBe('collection');
    expect(subjectKind('HIPAA::Coverage::Control')).toBe('collection');
    expect(subjectKind('HIPAA::Review::LogReview')).toBe('sign-off');
    expect(subjectKind('HIPAA::Exception::LogRetention')).toBe('sign-off');
    expect(subjectKind('HIPAA::Decision::Citation')).toBe('sign-off');
    expect(subjectKind('HIPAA::Document')).toBe('sign-off');
    expect(subjectKind('HIPAA::IAM::AccessSnapshot')).toBe('sign-off');
    expect(isResource({ resourceType: 'HIPAA::Coverage::Collector' })).toBe(false);
    expect(isResource({ resourceType: 'AWS::IAM::User' })).toBe(true);
  });
});
