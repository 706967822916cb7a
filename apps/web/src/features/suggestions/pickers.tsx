import { useState } from 'react';
import { Select } from 'antd';
import { useConcernList } from '../concerns/concerns.api';
import { useDeputySearch, useSuggestionList } from './suggestions.api';

interface MultiProps {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  exclude?: string[];
  'aria-label'?: string;
}

/** Deputies of the congress by name or pinyin (names only). */
export function DeputySelect(props: { id?: string; value?: string; onChange?: (v?: string) => void; 'aria-label'?: string; disabled?: boolean }) {
  const [q, setQ] = useState('');
  const list = useDeputySearch(q);
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value}
      disabled={props.disabled}
      onChange={(v?: string) => props.onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入姓名或拼音搜索"
      loading={list.isFetching}
      options={(list.data?.items ?? []).map((d) => ({ value: d.deputyId, label: `${d.name}${d.regionName ? `（${d.regionName}）` : ''}` }))}
    />
  );
}

export function DeputyMultiSelect({ id, value, onChange, exclude = [], ...rest }: MultiProps) {
  const [q, setQ] = useState('');
  const list = useDeputySearch(q);
  return (
    <Select
      id={id}
      mode="multiple"
      aria-label={rest['aria-label']}
      value={value}
      onChange={(v: string[]) => onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入姓名或拼音搜索"
      loading={list.isFetching}
      options={(list.data?.items ?? [])
        .filter((d) => !exclude.includes(d.deputyId))
        .map((d) => ({ value: d.deputyId, label: `${d.name}${d.regionName ? `（${d.regionName}）` : ''}` }))}
    />
  );
}

/** The concerns I may see, by number or title: the ones the suggestion is formed from (R-LOOP-8). */
export function ConcernMultiSelect({ id, value, onChange, ...rest }: MultiProps) {
  const [q, setQ] = useState('');
  const list = useConcernList({ status: 'all', q: q || undefined, pageSize: 20 });
  const [known, setKnown] = useState(new Map<string, string>());
  const options = (list.data?.items ?? []).map((c) => ({ value: c.concernId, label: `${c.caseNumber} ${c.title}` }));
  return (
    <Select
      id={id}
      mode="multiple"
      aria-label={rest['aria-label']}
      value={value}
      onChange={(v: string[]) => {
        const m = new Map(known);
        for (const o of options) m.set(o.value, o.label);
        setKnown(m);
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入编号或标题搜索群众意见"
      loading={list.isFetching}
      options={[...options, ...[...known].filter(([k]) => !options.some((o) => o.value === k)).map(([value, label]) => ({ value, label }))]}
    />
  );
}

/**
 * A suggestion to name as the source of a micro-project or a vote candidate (issue 6): search by
 * title or 案号 among suggestions past drafting.
 */
export function SuggestionSelect(props: { id?: string; value?: string; onChange?: (v?: string) => void; 'aria-label'?: string }) {
  const [q, setQ] = useState('');
  const list = useSuggestionList({ q: q || undefined, pageSize: 20 });
  return (
    <Select
      id={props.id}
      aria-label={props['aria-label']}
      value={props.value}
      allowClear
      onChange={(v?: string) => props.onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入建议标题或案号搜索（可选）"
      loading={list.isFetching}
      options={(list.data?.items ?? [])
        .filter((s) => s.status !== 'drafting')
        .map((s) => ({ value: s.suggestionId, label: `${s.caseNumber ?? '未编号'} ${s.title}` }))}
    />
  );
}
