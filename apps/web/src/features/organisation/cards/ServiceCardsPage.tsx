import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Empty, Select, Space, Spin, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { messageOf } from '../../../app/form-errors';
import { useRegions } from '../../admin/admin.api';
import { useServiceCard, useServiceCardSheet } from './cards.api';
import { ServiceCardView } from './ServiceCardView';
import './cards.css';

/**
 * 服务卡打印: the service card of one deputy (?deputyId=…) or the sheet of every deputy of a town
 * (?townCode=…), printed on A4 with several cards to a page.
 */
export default function ServiceCardsPage() {
  const [params, setParams] = useSearchParams();
  const deputyId = params.get('deputyId');
  const townCode = deputyId ? null : params.get('townCode');
  const regions = useRegions();
  const towns = useMemo(
    () => (regions.data ?? []).filter((r) => r.level === 'town').map((r) => ({ value: r.code, label: r.name })),
    [regions.data],
  );
  const sheet = useServiceCardSheet(townCode);
  const single = useServiceCard(deputyId);
  const query = deputyId ? single : sheet;
  const cards = deputyId ? (single.data ? [single.data] : []) : (sheet.data?.cards ?? []);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div className="gv-no-print">
        <Typography.Title level={4} style={{ margin: 0 }}>
          人大代表进网格服务卡
        </Typography.Title>
      </div>
      <Card className="gv-no-print">
        <Space wrap>
          <label htmlFor="gv-card-town">镇（街道）：</label>
          <Select
            id="gv-card-town"
            aria-label="镇（街道）"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 220 }}
            placeholder="选择镇（街道）"
            loading={regions.isPending}
            options={towns}
            value={townCode ?? undefined}
            onChange={(code: string) => setParams({ townCode: code })}
          />
          <Button type="primary" icon={<PrinterOutlined />} disabled={cards.length === 0} onClick={() => window.print()}>
            打印（A4，每页 8 张）
          </Button>
          {cards.length > 0 && <Typography.Text type="secondary">共 {cards.length} 张</Typography.Text>}
        </Space>
      </Card>
      {query.isError && <Alert type="error" showIcon title={messageOf(query.error)} />}
      {query.isFetching && <Spin />}
      {!deputyId && !townCode && <Empty description="请选择镇（街道），生成该镇全部代表的服务卡" />}
      {(deputyId || townCode) && query.isSuccess && cards.length === 0 && <Empty description="该镇（街道）暂无代表" />}
      {cards.length > 0 && (
        <div className="gv-print-area">
          {sheet.data && !deputyId && (
            <Typography.Title level={5} className="gv-no-print">
              {sheet.data.townName}
            </Typography.Title>
          )}
          <div className="gv-card-sheet">
            {cards.map((c) => (
              <ServiceCardView key={c.deputyId} card={c} />
            ))}
          </div>
        </div>
      )}
    </Space>
  );
}
