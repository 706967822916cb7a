import { useMemo, useState } from 'react';
import { Alert, App, Form, Modal, Select, Spin, TreeSelect } from 'antd';
import type { TStation, TStationCoverageRequest } from '@gridvoice/core';
import { applyServerErrors } from '../../../app/form-errors';
import { enc, useGrids, useOrgMutation, useRegionTree, useStationDetail } from '../organisation.api';
import { buildTree, type RegionTreeNode } from '../shared';

/** 覆盖范围: the villages (communities) and grids a station serves. */
export function StationCoverageDialog({ station, onClose }: { station: TStation; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TStationCoverageRequest>();
  const [formError, setFormError] = useState<string | null>(null);
  const detail = useStationDetail(station.stationId);
  const tree = useRegionTree();
  const area = station.townCode ?? station.regionCode;
  const grids = useGrids({ regionCode: area, kind: 'grid', pageSize: 200 });
  const save = useOrgMutation();

  const villages = useMemo(() => {
    const mark = (nodes: RegionTreeNode[]): RegionTreeNode[] =>
      nodes.map((n) => ({
        ...n,
        disabled: n.level !== 'village',
        checkable: n.level === 'village',
        ...(n.children ? { children: mark(n.children) } : {}),
      }));
    return mark(buildTree(tree.data ?? []));
  }, [tree.data]);

  const gridOptions = useMemo(() => {
    const options = new Map<string, string>();
    for (const g of detail.data?.grids ?? []) options.set(g.gridId, `${g.name}（${g.code}）`);
    for (const g of grids.data?.items ?? []) options.set(g.gridId, `${g.name}（${g.villageName}）`);
    return [...options].map(([value, label]) => ({ value, label }));
  }, [detail.data, grids.data]);

  const submit = async (v: TStationCoverageRequest) => {
    setFormError(null);
    try {
      await save.mutateAsync({
        method: 'PUT',
        path: `/stations/${enc(station.stationId)}/coverage`,
        body: { villageCodes: v.villageCodes ?? [], gridIds: v.gridIds ?? [] },
      });
      void message.success(`已保存“${station.name}”的覆盖范围`);
      onClose();
    } catch (err) {
      setFormError(applyServerErrors(form, err, ['villageCodes', 'gridIds']));
    }
  };

  return (
    <Modal
      open
      width={640}
      title={`覆盖范围：${station.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: !detail.data }}
      onOk={() => form.submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {!detail.data ? (
        <Spin />
      ) : (
        <Form<TStationCoverageRequest>
          form={form}
          layout="vertical"
          initialValues={{
            villageCodes: detail.data.villages.map((v) => v.code),
            gridIds: detail.data.grids.map((g) => g.gridId),
          }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="villageCodes" label="覆盖的村（社区）" extra="联络站所在的村（社区）自动算作已覆盖">
            <TreeSelect
              multiple
              treeData={villages}
              treeNodeFilterProp="label"
              showSearch
              allowClear
              placeholder="选择村（社区）"
              listHeight={360}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="gridIds" label="覆盖的网格">
            <Select
              mode="multiple"
              options={gridOptions}
              loading={grids.isFetching}
              optionFilterProp="label"
              allowClear
              placeholder="选择网格"
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
