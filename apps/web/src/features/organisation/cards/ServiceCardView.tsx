import { UserOutlined } from '@ant-design/icons';
import type { ServiceCard } from './cards.api';

/** 人大代表进网格服务卡 (R-DUTY-7): one card, sized to print several to an A4 page. */
export function ServiceCardView({ card }: { card: ServiceCard }) {
  const station = card.stations.map((s) => s.name).join('、') || '—';
  const grid = card.grids.map((g) => g.name).join('、') || '—';
  return (
    <article className="gv-service-card" aria-label={`${card.name}的服务卡`}>
      <header className="gv-service-card__title">人大代表进网格服务卡</header>
      <div className="gv-service-card__body">
        <div className="gv-service-card__photo">
          {card.photoPath ? <img src={card.photoPath} alt={`${card.name}的照片`} /> : <UserOutlined aria-hidden />}
        </div>
        <dl className="gv-service-card__fields">
          <dt>姓名</dt>
          <dd className="gv-service-card__name">{card.name}</dd>
          <dt>代表层级</dt>
          <dd>{card.levelLabels.join('、') || '—'}</dd>
          <dt>联络站</dt>
          <dd>{station}</dd>
          <dt>网格</dt>
          <dd>{grid}</dd>
          <dt>联系电话</dt>
          <dd>{card.phoneMasked ?? '—'}</dd>
        </dl>
        <figure className="gv-service-card__qr">
          <img src={card.qrDataUrl} alt={`${card.name}的二维码`} />
          <figcaption>扫码反映意见</figcaption>
        </figure>
      </div>
    </article>
  );
}
