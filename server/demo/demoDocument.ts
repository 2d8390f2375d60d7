/**
 * The demo working group's rolling document: five topics, fifteen recommendations sponsored by
 * delegations, bracketed text with alternatives, one paragraph agreed, one agreed ad referendum
 * and one point moved to the annex with the differing views recorded.
 */
import type { Node as PMNode } from 'prosemirror-model'
import { schema } from '../../shared/schema.ts'
import type { ConsensusEntry } from '../../shared/consensus.ts'

type Inline = string | PMNode

const t = (s: string): PMNode => schema.text(s)
const inl = (parts: Inline[]): PMNode[] => parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? t(p) : p))

/** `[text]`, optionally sponsored, optionally a proposal to delete. */
const br = (id: string, parts: Inline[], sponsors: string[] = [], note: 'delete' | null = null): PMNode =>
  schema.node('bracket', { id, sponsors, note }, inl(parts))

/** `[a/b]`: alternatives, each `[text, sponsors]`. */
const alt = (id: string, options: [string, string[]][], form: 'inline' | 'paragraph' = 'inline'): PMNode =>
  schema.node(
    'alternatives',
    { id, form },
    options.map(([text, sponsors]) => schema.node('option', { sponsors }, [t(text)])),
  )

const rec = (id: string, sponsors: string[], parts: Inline[]): PMNode =>
  schema.node('recommendation', { id, sponsors }, inl(parts))

const topic = (id: string, heading: string, recs: PMNode[]): PMNode =>
  schema.node('topic', { id }, [schema.node('topicHeading', null, [t(heading)]), ...recs])

export const DEMO_GROUP = { id: 'wgec', name: 'Working Group on Enhanced Cooperation' }
export const DEMO_DOCUMENT = { id: 'wgec-rolling', title: 'Draft recommendations: rolling document' }

export function demoContent(): PMNode {
  return schema.node('doc', null, [
    schema.node('title', null, [t('Working Group on Enhanced Cooperation: draft recommendations (rolling document)')]),
    topic('t-demo-a', 'Public policy issues and possible mechanisms', [
      rec('r-demo-a1', ['Brazil', 'South Africa'], [
        'Member States ',
        alt('a-demo-a1', [['shall', ['G77 and China']], ['should', ['European Union', 'United States']]]),
        ' strengthen cooperation on international public policy issues pertaining to the Internet, with the full involvement of all stakeholders in their respective roles.',
      ]),
      rec('r-demo-a2', ['European Union'], [
        'The working group recognises that existing institutions already address many Internet-related public policy issues, and that enhanced cooperation can build on them.',
      ]),
      rec('r-demo-a3', ['India', 'Egypt'], [
        br('b-demo-a3', ['Establish an intergovernmental platform within the United Nations to consider Internet-related public policy issues.'], ['India', 'Egypt']),
      ]),
      rec('r-demo-a4', ['Switzerland'], [
        'Map existing mechanisms addressing Internet-related public policy issues and identify gaps, ',
        br('b-demo-a4', ['drawing on the mapping exercise of the correspondence group'], ['United States'], 'delete'),
        '.',
      ]),
    ]),
    topic('t-demo-b', 'Roles and responsibilities of stakeholders', [
      rec('r-demo-b1', ['Japan', 'Canada'], [
        'All stakeholders should participate in enhanced cooperation in their respective roles and responsibilities, as set out in paragraph 35 of the Tunis Agenda.',
      ]),
      rec('r-demo-b2', ['ICC BASIS (business)'], [
        'Governments should ',
        br('b-demo-b2', ['consult with ', br('b-demo-b2n', ['and take into account the views of'], ['APC (civil society)']), ' non-governmental stakeholders'], ['ICC BASIS (business)']),
        ' when developing Internet-related public policy.',
      ]),
      rec('r-demo-b3', ['APC (civil society)'], [
        'Processes for enhanced cooperation should be open, transparent and inclusive, and their outcomes published.',
      ]),
    ]),
    topic('t-demo-c', "Developing countries' participation", [
      rec('r-demo-c1', ['G77 and China'], [
        alt('a-demo-c1', [
          ['Establish a fund to support the participation of developing countries in Internet governance meetings.', ['G77 and China']],
          ['Encourage existing funding mechanisms to give priority to participants from developing countries and least developed countries.', ['European Union', 'Japan']],
        ], 'paragraph'),
      ]),
      rec('r-demo-c2', ['Kenya', 'Nigeria'], [
        'Remote participation should be available for all meetings related to enhanced cooperation, ',
        br('b-demo-c2', ['free of charge'], ['Kenya']),
        '.',
      ]),
      rec('r-demo-c3', ['Bangladesh'], [
        'Meetings should be scheduled and located so as to facilitate the participation of developing countries.',
      ]),
    ]),
    topic('t-demo-d', 'Capacity building', [
      rec('r-demo-d1', ['Switzerland', 'Kenya'], [
        'Capacity building for policy makers on Internet-related public policy issues should be strengthened, including through regional and national Internet Governance Forums.',
      ]),
      rec('r-demo-d2', ['India'], [
        'Developed countries ',
        alt('a-demo-d2', [['shall', ['India']], ['are encouraged to', ['United States', 'European Union']]]),
        ' support capacity building programmes ',
        br('b-demo-d2', ['through the transfer of technology on mutually agreed terms'], ['G77 and China']),
        '.',
      ]),
    ]),
    topic('t-demo-e', 'Follow-up and implementation', [
      rec('r-demo-e1', ['European Union', 'United States'], [
        'The Commission on Science and Technology for Development should review progress on enhanced cooperation as part of its annual review of WSIS follow-up.',
      ]),
      rec('r-demo-e2', ['Saudi Arabia'], [
        'The Secretary-General should report to the General Assembly on the implementation of these recommendations ',
        br('b-demo-e2', ['every two years'], ['Saudi Arabia']),
        '.',
      ]),
    ]),
    schema.node('annex', null, [
      rec('r-demo-x1', ['Russian Federation', 'China'], [
        'Create a new intergovernmental body to coordinate the allocation of critical Internet resources.',
      ]),
    ]),
  ])
}

export function demoConsensus(): Record<string, ConsensusEntry> {
  const at = '2026-11-16T15:30:00.000Z'
  return {
    'r-demo-b1': { status: 'agreed', at },
    'r-demo-d1': { status: 'adRef', at },
    'r-demo-x1': {
      status: 'annex',
      at,
      fromTopic: 't-demo-a',
      views: [
        'Some members considered that a new intergovernmental body is needed to ensure that all governments can carry out their roles and responsibilities on an equal footing.',
        'Other members were of the view that existing institutions and the multistakeholder model are sufficient, and that a new body would duplicate their work.',
      ],
    },
  }
}
