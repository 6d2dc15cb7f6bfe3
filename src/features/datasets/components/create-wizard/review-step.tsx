import { Alert, Descriptions, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { buildCreateBody, parseCreateBody, type WizardValues } from './build-request';

/** Step 4: the exact request that "Create" sends, parsed with the contract (style.md §7). */
export function ReviewStep() {
  const { t } = useTranslation('datasets');
  const form = Form.useFormInstance<WizardValues>();
  const values = Form.useWatch((all: WizardValues) => all, form) ?? {};
  const parsed = parseCreateBody(values);

  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('create.name'), children: values.dataset_name },
          { key: 'type', label: t('create.type'), children: t(`common:datasetType.${values.dataset_type ?? 0}`) },
          { key: 'input', label: t('create.inputPath'), children: values.input_path },
          { key: 'work', label: t('create.workPath'), children: values.work_path },
          { key: 'labels', label: t('create.labels'), children: (values.labels ?? []).map((l) => l?.name).filter(Boolean).join(', ') || '—' },
        ]}
        style={{ marginBottom: 16 }}
      />
      {!parsed.success && (
        <Alert
          type="error"
          showIcon
          title={t('create.bodyInvalid')}
          description={
            <ul>
              {parsed.error.issues.map((i) => (
                <li key={i.path.join('.') + i.message}>
                  <code>{i.path.join('.')}</code>: {i.message}
                </li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Typography.Text strong id="create-request-label">
        {t('create.requestTitle')}
      </Typography.Text>
      <pre className="request-body" aria-labelledby="create-request-label" tabIndex={0}>
        {JSON.stringify(parsed.success ? parsed.data : buildCreateBody(values), null, 2)}
      </pre>
    </>
  );
}
