import { Tag } from 'antd';
import { useSystemInfo } from './system-info';

export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        width: size,
        height: size,
        borderRadius: size / 5,
        background: '#b71c1c',
        color: '#fff',
        display: 'inline-grid',
        placeItems: 'center',
        fontWeight: 700,
        fontSize: size * 0.55,
        flex: 'none',
      }}
    >
      民
    </span>
  );
}

export function DemoTag() {
  const info = useSystemInfo();
  if (!info.data?.demo) return null;
  return (
    <Tag color="orange" style={{ marginInlineEnd: 0 }} title="演示县的数据，人物均为虚构">
      演示数据
    </Tag>
  );
}
