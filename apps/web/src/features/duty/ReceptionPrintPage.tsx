import { Link, useParams } from 'react-router';
import { Alert, Button, Space, Spin } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { messageOf } from '../../app/form-errors';
import { useReceptionPrint } from './duty.api';
import './print.css';

/** 接待群众登记表: one register entry laid out on A4 as the station files it, signature lines included. */
export default function ReceptionPrintPage() {
  const { id } = useParams<{ id: string }>();
  const form = useReceptionPrint(id);
  if (form.isLoading) return <Spin />;
  if (form.error) return <Alert type="error" showIcon message={messageOf(form.error)} />;
  const f = form.data;
  if (!f) return null;
  const field = (label: string) => f.fields.find((x) => x.label === label)?.value ?? '';
  return (
    <Space direction="vertical" size="middle">
      <Space className="gv-no-print">
        <Link to="/duty/receptions">
          <Button icon={<ArrowLeftOutlined />}>返回接待登记</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <article className="gv-a4" aria-label="接待群众登记表">
        <h1>{f.title}</h1>
        <div className="gv-a4__number">编号：{f.number}</div>
        <table>
          <tbody>
            <tr>
              <th>接待时间</th>
              <td colSpan={3}>{field('接待时间')}</td>
            </tr>
            <tr>
              <th>值班代表</th>
              <td colSpan={3}>{field('值班代表')}</td>
            </tr>
            <tr>
              <th>来访人</th>
              <td>{field('来访人')}</td>
              <th>联系电话</th>
              <td>{field('联系电话')}</td>
            </tr>
            <tr>
              <th>住址</th>
              <td>{field('住址')}</td>
              <th>来访人数</th>
              <td>{field('来访人数')}</td>
            </tr>
            <tr>
              <th>反映事项</th>
              <td colSpan={3} className="gv-a4__tall">
                {f.requests.map((r) => (
                  <p key={r.no} style={{ margin: '0 0 2mm' }}>
                    {r.no}. {r.content}
                    {r.caseNumber ? `（已转群众意见 ${r.caseNumber}）` : ''}
                  </p>
                ))}
              </td>
            </tr>
            <tr>
              <th>拟办意见</th>
              <td colSpan={3} className="gv-a4__tall">
                {f.proposedHandling}
              </td>
            </tr>
            <tr>
              <th>办理方式</th>
              <td colSpan={3}>{f.route}</td>
            </tr>
            <tr>
              <th>反馈情况</th>
              <td colSpan={3} className="gv-a4__tall">
                {f.feedback}
              </td>
            </tr>
          </tbody>
        </table>
        <div className="gv-a4__signatures">
          {f.signatures.map((s) => (
            <span key={s}>{s}：____________</span>
          ))}
        </div>
      </article>
    </Space>
  );
}
