import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Radio, Result, Select, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { BALLOT_CHOICE_LABELS, PROJECT_RATING_LABELS, type BallotChoice, type ProjectRating } from '@gridvoice/core';
import { messageOf } from '../../app/form-errors';
import { formatDateTime } from '../../app/time';
import { yuan } from '../projects/projects.api';
import { ProgressPair } from '../projects/shared';
import { VOTES_API, useRound, useRoundMutation, useRounds, type RoundDetail } from './votes.api';

const CHOICES = Object.keys(BALLOT_CHOICE_LABELS) as BallotChoice[];
const RATINGS = Object.keys(PROJECT_RATING_LABELS) as ProjectRating[];

function Ballot({ round }: { round: RoundDetail }) {
  const { message, modal } = App.useApp();
  const [choices, setChoices] = useState<Record<string, BallotChoice>>({});
  const mutate = useRoundMutation();
  const listed = round.candidates.filter((c) => c.screening === 'listed');
  const yes = listed.filter((c) => choices[c.candidateId] === 'yes').length;
  const missing = listed.filter((c) => !choices[c.candidateId]).length;
  const submit = () => {
    modal.confirm({
      title: '确认投票',
      content: `赞成 ${yes} 项，不赞成 ${listed.filter((c) => choices[c.candidateId] === 'no').length} 项，弃权 ${listed.filter((c) => choices[c.candidateId] === 'abstain').length} 项。每位代表只能投一次，提交后不能修改。`,
      okText: '确认投票',
      cancelText: '再看看',
      onOk: async () => {
        try {
          await mutate.mutateAsync({ path: `${VOTES_API}/${round.roundId}/ballots`, body: { choices: listed.map((c) => ({ candidateId: c.candidateId, choice: choices[c.candidateId] })) } });
          message.success('投票成功');
        } catch (err) {
          message.error(messageOf(err));
        }
      },
    });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={`请逐项表决，赞成的项目不超过 ${round.seats} 个（已选 ${yes} 个）。投票截止：${formatDateTime(round.closesAt)}`} />
      {listed.map((c) => (
        <Card key={c.candidateId} size="small" title={`${c.position}. ${c.title}`}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {c.unitName} · {c.subItems.length}个子项 · {yuan(c.budgetFen)}
            </Typography.Text>
            <Typography.Paragraph ellipsis={{ rows: 2, expandable: true, symbol: '展开' }} style={{ margin: 0 }}>
              {c.description}
            </Typography.Paragraph>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              size="large"
              value={choices[c.candidateId]}
              onChange={(e) => setChoices((x) => ({ ...x, [c.candidateId]: e.target.value as BallotChoice }))}
              aria-label={`表决 ${c.title}`}
              options={CHOICES.map((v) => ({ value: v, label: BALLOT_CHOICE_LABELS[v], disabled: v === 'yes' && yes >= round.seats && choices[c.candidateId] !== 'yes' }))}
            />
          </Space>
        </Card>
      ))}
      <Button type="primary" size="large" block style={{ height: 64, fontSize: 22 }} disabled={missing > 0} loading={mutate.isPending} onClick={submit}>
        {missing > 0 ? `还有 ${missing} 项未表决` : '提交选票'}
      </Button>
    </Space>
  );
}

function Rating({ round }: { round: RoundDetail }) {
  const { message } = App.useApp();
  const [ratings, setRatings] = useState<Record<string, ProjectRating>>(() => Object.fromEntries(round.projects.filter((p) => p.myRating).map((p) => [p.projectId, p.myRating as ProjectRating])));
  const mutate = useRoundMutation();
  const submit = async () => {
    try {
      await mutate.mutateAsync({ path: `${VOTES_API}/${round.roundId}/ratings`, body: { ratings: Object.entries(ratings).map(([projectId, rating]) => ({ projectId, rating })) } });
      message.success('评价已提交');
    } catch (err) {
      message.error(messageOf(err));
    }
  };
  return (
    <Card size="small" title="年终评价票决项目" role="region" aria-label="年终评价">
      <Space direction="vertical" style={{ width: '100%' }}>
        {round.projects.map((p) => (
          <Card key={p.projectId} size="small" type="inner" title={p.title} extra={<Tag>{p.statusLabel}</Tag>}>
            <ProgressPair progress={p.progress} compact />
            <Radio.Group optionType="button" size="large" value={ratings[p.projectId]} onChange={(e) => setRatings((x) => ({ ...x, [p.projectId]: e.target.value as ProjectRating }))} aria-label={`评价 ${p.title}`} options={RATINGS.map((v) => ({ value: v, label: PROJECT_RATING_LABELS[v] }))} style={{ marginTop: 8 }} />
          </Card>
        ))}
        <Button type="primary" size="large" block disabled={Object.keys(ratings).length === 0} loading={mutate.isPending} onClick={submit}>
          提交评价
        </Button>
      </Space>
    </Card>
  );
}

/** 我的票决: the deputy's phone view — vote (one ballot, with confirmation), then rate the chosen projects at year end. */
export default function MyVotePage() {
  const rounds = useRounds();
  const items = rounds.data?.items ?? [];
  const preferred = items.find((r) => r.phase === 'ballot_open') ?? items[0];
  const [picked, setPicked] = useState<string | undefined>();
  const id = picked ?? preferred?.roundId;
  const round = useRound(id);
  if (rounds.isLoading) return <Spin />;
  if (!items.length) return <Empty description="暂无票决" />;
  const r = round.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的票决
      </Typography.Title>
      {items.length > 1 && <Select value={id} onChange={setPicked} aria-label="选择票决" options={items.map((x) => ({ value: x.roundId, label: `${x.title}（${x.phaseLabel}）` }))} />}
      {round.isLoading || !r ? (
        <Spin />
      ) : (
        <>
          <Card size="small">
            <Space direction="vertical">
              <Typography.Text strong style={{ fontSize: 16 }}>{r.title}</Typography.Text>
              <Typography.Text type="secondary">{`${r.congress.regionName}第${r.congress.term}届人民代表大会 · 应选${r.seats}项 · ${r.secret ? '无记名投票' : '记名投票'}`}</Typography.Text>
              <Tag color={r.phase === 'ballot_open' ? 'processing' : 'default'}>{r.phaseLabel}</Tag>
            </Space>
          </Card>
          {!r.me.eligible && <Alert type="info" showIcon message="您不是本届人民代表大会代表，不参加此次票决" />}
          {r.me.voted && <Result status="success" icon={<CheckCircleOutlined />} title="您已投票" subTitle={`${r.me.channel === 'paper' ? '纸质选票已由计票人录入' : '电子投票'}，${formatDateTime(r.me.votedAt)}`} />}
          {r.actions.includes('cast') && <Ballot round={r} />}
          {r.me.eligible && !r.me.voted && r.phase === 'ballot_closed' && <Alert type="warning" showIcon message="投票已截止" />}
          {r.status === 'counted' && (
            <Card size="small" title="票决结果">
              {r.candidates.filter((c) => c.result?.chosen).sort((a, b) => (a.result?.rank ?? 0) - (b.result?.rank ?? 0)).map((c) => (
                <div key={c.candidateId}>
                  {c.result?.rank}. {c.title}（赞成{c.result?.yes}票）
                </div>
              ))}
            </Card>
          )}
          {r.actions.includes('rate') && <Rating round={r} />}
          {r.status === 'counted' && !r.ratingOpen && r.me.eligible && <Typography.Text type="secondary">{`年终评价自${r.year}年12月1日起开放。`}</Typography.Text>}
        </>
      )}
    </Space>
  );
}
