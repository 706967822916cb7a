import { useState } from 'react';
import { Select } from 'antd';
import { useDeputies, useDeputyGroups, useGrids, useStations, useUnits } from './organisation.api';

interface PickerProps {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
  regionCode?: string;
  /** An option to show even before (or without) the search returning it, e.g. a preselected value. */
  knownOption?: { value: string; label: string };
}

type Kind = 'stations' | 'grids' | 'groups' | 'units' | 'deputies';

function useOptions(kind: Kind, q: string, regionCode: string | undefined) {
  const params = { q: q || undefined, pageSize: 50, regionCode };
  const stations = useStations(params, kind === 'stations');
  const grids = useGrids({ ...params, kind: 'grid' }, kind === 'grids');
  const groups = useDeputyGroups(params, kind === 'groups');
  const units = useUnits(params, kind === 'units');
  const deputies = useDeputies({ q: q || undefined, pageSize: 50, regionCode }, kind === 'deputies');
  switch (kind) {
    case 'deputies':
      return {
        loading: deputies.isFetching,
        options: (deputies.data?.items ?? []).map((d) => ({ value: d.deputyId, label: `${d.name}（${d.regionName}）` })),
      };
    case 'stations':
      return {
        loading: stations.isFetching,
        options: (stations.data?.items ?? []).map((s) => ({ value: s.stationId, label: `${s.name}（${s.code}）` })),
      };
    case 'grids':
      return {
        loading: grids.isFetching,
        options: (grids.data?.items ?? []).map((g) => ({ value: g.gridId, label: `${g.name}（${g.villageName}）` })),
      };
    case 'groups':
      return {
        loading: groups.isFetching,
        options: (groups.data?.items ?? []).map((g) => ({ value: g.groupId, label: g.name })),
      };
    case 'units':
      return {
        loading: units.isFetching,
        options: (units.data?.items ?? []).map((u) => ({ value: u.unitId, label: `${u.name}（${u.code}）` })),
      };
  }
}

/** A select that searches one organisation list on the server as the user types. */
function RemotePicker({
  kind,
  id,
  value,
  onChange,
  placeholder,
  style,
  regionCode,
  knownOption,
  ...rest
}: PickerProps & { kind: Kind }) {
  const [q, setQ] = useState('');
  const found = useOptions(kind, q, regionCode);
  const loading = found.loading;
  const options =
    knownOption && !q && !found.options.some((o) => o.value === knownOption.value) ? [knownOption, ...found.options] : found.options;
  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      onOpenChange={(open) => !open && setQ('')}
      allowClear
      loading={loading}
      options={options}
      placeholder={placeholder}
      notFoundContent={loading ? '正在加载…' : '无匹配项'}
      popupMatchSelectWidth={false}
      style={style ?? { width: '100%' }}
    />
  );
}

export const StationPicker = (p: PickerProps) => <RemotePicker kind="stations" {...p} />;
export const GridPicker = (p: PickerProps) => <RemotePicker kind="grids" {...p} />;
export const GroupPicker = (p: PickerProps) => <RemotePicker kind="groups" {...p} />;
export const UnitPicker = (p: PickerProps) => <RemotePicker kind="units" {...p} />;
export const DeputyPicker = (p: PickerProps) => <RemotePicker kind="deputies" {...p} />;
