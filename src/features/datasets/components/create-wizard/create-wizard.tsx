import { Alert, Button, Card, Flex, Form, Steps } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateDataset } from '../../api';
import { BasicsStep } from './basics-step';
import { STEP_FIELDS, parseCreateBody, stepOfError, type WizardValues } from './build-request';
import { LabelsStep } from './labels-step';
import { PathsStep } from './paths-step';
import { ReviewStep } from './review-step';

const STEPS = [
  { key: 'basics', Component: BasicsStep },
  { key: 'paths', Component: PathsStep },
  { key: 'labels', Component: LabelsStep },
  { key: 'review', Component: ReviewStep },
] as const;

const INITIAL: WizardValues = { dataset_type: 0, import_annotations: true, labels: [] };

/**
 * Create-dataset wizard: one Form for every step, all steps stay mounted (values survive Back), "Next"
 * validates only the current step, and the last step shows and sends the contract-parsed body.
 */
export function CreateWizard() {
  const { t } = useTranslation('datasets');
  const navigate = useNavigate();
  const [form] = Form.useForm<WizardValues>();
  const [current, setCurrent] = useState(0);
  const create = useCreateDataset();
  const last = current === STEPS.length - 1;

  const next = async () => {
    const ok = await form
      .validateFields(STEP_FIELDS[current], { recursive: true })
      .then(() => true)
      .catch(() => false);
    if (ok) setCurrent((c) => c + 1);
  };

  const submit = () => {
    const parsed = parseCreateBody(form.getFieldsValue(true));
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: (res) => navigate(`/datasets/${res.dataset_id}`),
      onError: (e) => {
        const target = stepOfError(e.code);
        if (!target) return;
        if (target.field) form.setFields([{ name: target.field, errors: [`${e.message} (${e.code})`] }]);
        setCurrent(target.step);
      },
    });
  };

  // Enter in a text box means "Next" until the last step; only the last step submits.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && !last && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      void next();
    }
  };
  const onFinishFailed = ({ errorFields }: { errorFields: { name: (string | number)[] }[] }) => {
    const steps = errorFields.map((f) => STEP_FIELDS.findIndex((fields) => fields.includes(String(f.name[0]))));
    const first = Math.min(...steps.filter((s) => s >= 0));
    if (Number.isFinite(first)) setCurrent(first);
  };

  return (
    <Card>
      <Steps
        current={current}
        items={STEPS.map((s) => ({ key: s.key, title: t(`create.steps.${s.key}`) }))}
        style={{ marginBottom: 32 }}
      />
      <Form<WizardValues>
        form={form}
        name="create-dataset"
        layout="vertical"
        initialValues={INITIAL}
        requiredMark="optional"
        onFinish={submit}
        onFinishFailed={onFinishFailed}
        onKeyDown={onKeyDown}
      >
        {STEPS.map(({ key, Component }, i) => (
          <section key={key} hidden={i !== current} aria-label={t(`create.steps.${key}`)}>
            <Component />
          </section>
        ))}
        {create.isError && !stepOfError(create.error.code)?.field && (
          <Alert type="error" showIcon title={t('create.failed')} description={`${create.error.message} (${create.error.code})`} style={{ marginBottom: 16 }} />
        )}
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => (current === 0 ? navigate('/datasets') : setCurrent(current - 1))}>
            {current === 0 ? t('common:actions.cancel') : t('create.back')}
          </Button>
          {/* Distinct keys: reusing the "Next" element as the submit button would let the very click
              that reached the last step also submit the form. */}
          {last ? (
            <Button key="submit" type="primary" htmlType="submit" loading={create.isPending}>
              {t('create.submit')}
            </Button>
          ) : (
            <Button key="next" type="primary" onClick={() => void next()}>
              {t('create.next')}
            </Button>
          )}
        </Flex>
      </Form>
    </Card>
  );
}
