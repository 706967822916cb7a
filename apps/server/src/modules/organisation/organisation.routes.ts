import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAssignmentCreateRequest,
  ZAssignmentUpdateRequest,
  ZCategoryRoute,
  ZCategoryRouteList,
  ZCategoryRouteListQuery,
  ZCategoryRouteResolution,
  ZCategoryRouteResolveQuery,
  ZCategoryRouteSetRequest,
  ZCommitteeLink,
  ZCommitteeLinkCreateRequest,
  ZCommitteeLinkList,
  ZCommitteeLinkListQuery,
  ZCoverageQuery,
  ZCoverageReport,
  ZDeputyCreateRequest,
  ZDeputyDetail,
  ZDeputyGroupCreateRequest,
  ZDeputyGroupDetail,
  ZDeputyGroupList,
  ZDeputyGroupListQuery,
  ZDeputyGroupMembersRequest,
  ZDeputyGroupUpdateRequest,
  ZDeputyList,
  ZDeputyPhotoRequest,
  ZDeputyListQuery,
  ZDeputyUpdateRequest,
  ZGridCreateRequest,
  ZGridDetail,
  ZGridList,
  ZGridListQuery,
  ZGridLocateQuery,
  ZGridLocateResponse,
  ZGridUpdateRequest,
  ZMandateInput,
  ZMandateUpdateRequest,
  ZOrgUserCandidateList,
  ZOrgUserCandidateQuery,
  ZRegionNode,
  ZRevealedPhone,
  ZStationCoverageRequest,
  ZStationCreateRequest,
  ZStationDetail,
  ZStationList,
  ZStationListQuery,
  ZStationNetwork,
  ZStationNetworkQuery,
  ZStationUpdateRequest,
  ZUnitCreateRequest,
  ZUnitDetail,
  ZUnitList,
  ZUnitListQuery,
  ZUnitUpdateRequest,
  ZUserIdsRequest,
  ZVillageList,
  ZVillageListQuery,
} from '@gridvoice/core';
import { contextOf } from '../../lib/request-context.js';
import { cardsRoutes } from './cards.routes.js';
import { createCoverageService } from './coverage.service.js';
import { createDeputiesService } from './deputies.service.js';
import { createGridsService } from './grids.service.js';
import { createGroupsService } from './groups.service.js';
import { createStationsService } from './stations.service.js';
import { createUnitsService } from './units.service.js';
import { importExportRoutes } from './import-export.routes.js';
import { registerAttachmentOwner } from '../attachments/attachments.service.js';

// a deputy's photo is seen by whoever may read the deputy
registerAttachmentOwner('deputy_photo', (deps, ctx, deputyId) => createDeputiesService(deps).mayReadPhoto(ctx, deputyId));

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const id = (label: string) => z.uuid(`${label}编号格式不正确`);
const ZGridParams = z.strictObject({ gridId: id('网格') });
const ZGridWorkerParams = z.strictObject({ gridId: id('网格'), gridWorkerId: id('网格员') });
const ZStationParams = z.strictObject({ stationId: id('联络站') });
const ZDeputyParams = z.strictObject({ deputyId: id('代表') });
const ZMandateParams = z.strictObject({ deputyId: id('代表'), mandateId: id('代表资格') });
const ZAssignmentParams = z.strictObject({ deputyId: id('代表'), assignmentId: id('进站入网格安排') });
const ZGroupParams = z.strictObject({ groupId: id('代表小组') });
const ZLinkParams = z.strictObject({ linkId: id('联系') });
const ZUnitParams = z.strictObject({ unitId: id('承办单位') });
const ZRouteParams = z.strictObject({ routeId: id('分类路由') });
const ZRegionTreeQuery = z.strictObject({
  regionCode: z.string().regex(/^\d{12}$/, '所在区划应为12位区划代码').optional(),
});
const ZDeleted = z.object({ deleted: z.literal(true) });

/** Organisation (issue 3): regions, grids, stations, deputies, groups, links, units, routes, coverage. */
export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  const grids = createGridsService(app.deps);
  const stations = createStationsService(app.deps);
  const deputies = createDeputiesService(app.deps);
  const groups = createGroupsService(app.deps);
  const units = createUnitsService(app.deps);
  const coverage = createCoverageService(app.deps);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisation'];
  const base = '/api/organisation';

  // ─── Regions ───
  r.get(`${base}/regions/tree`, { schema: { tags, summary: '区划树（含网格、联络站、代表数）', querystring: ZRegionTreeQuery, response: { 200: z.array(ZRegionNode) } } },
    (req) => coverage.regionTree(contextOf(req), req.query.regionCode));
  r.get(`${base}/villages`, { schema: { tags, summary: '村（社区）列表', querystring: ZVillageListQuery, response: { 200: ZVillageList } } },
    (req) => coverage.villages(contextOf(req), req.query));

  // ─── Grids ───
  r.get(`${base}/grids`, { schema: { tags, summary: '网格列表', querystring: ZGridListQuery, response: { 200: ZGridList } } },
    (req) => grids.list(contextOf(req), req.query));
  r.post(`${base}/grids`, { schema: { tags, summary: '新建网格或微网格', body: ZGridCreateRequest, response: { 200: ZGridDetail } } },
    (req) => grids.create(contextOf(req), req.body));
  r.get(`${base}/grids/locate`, { schema: { tags, summary: '按坐标查找所在网格', querystring: ZGridLocateQuery, response: { 200: ZGridLocateResponse } } },
    (req) => grids.locate(contextOf(req), req.query.lat, req.query.lng));
  r.get(`${base}/grids/:gridId`, { schema: { tags, summary: '网格详情', params: ZGridParams, response: { 200: ZGridDetail } } },
    (req) => grids.get(contextOf(req), req.params.gridId));
  r.patch(`${base}/grids/:gridId`, { schema: { tags, summary: '修改网格', params: ZGridParams, body: ZGridUpdateRequest, response: { 200: ZGridDetail } } },
    (req) => grids.update(contextOf(req), req.params.gridId, req.body));
  r.delete(`${base}/grids/:gridId`, { schema: { tags, summary: '删除网格（无微网格和代表时）', params: ZGridParams, response: { 200: ZDeleted } } },
    (req) => grids.remove(contextOf(req), req.params.gridId));
  r.post(`${base}/grids/:gridId/deactivate`, { schema: { tags, summary: '停用网格', params: ZGridParams, response: { 200: ZGridDetail } } },
    (req) => grids.setActive(contextOf(req), req.params.gridId, false));
  r.post(`${base}/grids/:gridId/activate`, { schema: { tags, summary: '启用网格', params: ZGridParams, response: { 200: ZGridDetail } } },
    (req) => grids.setActive(contextOf(req), req.params.gridId, true));
  r.post(`${base}/grids/:gridId/workers/:gridWorkerId/reveal-phone`, { schema: { tags, summary: '查看网格员完整电话（留痕）', params: ZGridWorkerParams, response: { 200: ZRevealedPhone } } },
    (req) => grids.revealWorkerPhone(contextOf(req), req.params.gridId, req.params.gridWorkerId));

  // ─── Stations ───
  r.get(`${base}/stations`, { schema: { tags, summary: '联络站列表', querystring: ZStationListQuery, response: { 200: ZStationList } } },
    (req) => stations.list(contextOf(req), req.query));
  r.get(`${base}/stations/network`, { schema: { tags, summary: '联络站网络（五位一体）', querystring: ZStationNetworkQuery, response: { 200: ZStationNetwork } } },
    (req) => stations.network(contextOf(req), req.query.regionCode));
  r.post(`${base}/stations`, { schema: { tags, summary: '新建联络站', body: ZStationCreateRequest, response: { 200: ZStationDetail } } },
    (req) => stations.create(contextOf(req), req.body));
  r.get(`${base}/stations/:stationId`, { schema: { tags, summary: '联络站详情', params: ZStationParams, response: { 200: ZStationDetail } } },
    (req) => stations.get(contextOf(req), req.params.stationId));
  r.patch(`${base}/stations/:stationId`, { schema: { tags, summary: '修改联络站', params: ZStationParams, body: ZStationUpdateRequest, response: { 200: ZStationDetail } } },
    (req) => stations.update(contextOf(req), req.params.stationId, req.body));
  r.delete(`${base}/stations/:stationId`, { schema: { tags, summary: '删除联络站（无代表和下级时）', params: ZStationParams, response: { 200: ZDeleted } } },
    (req) => stations.remove(contextOf(req), req.params.stationId));
  r.put(`${base}/stations/:stationId/coverage`, { schema: { tags, summary: '设置联络站覆盖的村（社区）和网格', params: ZStationParams, body: ZStationCoverageRequest, response: { 200: ZStationDetail } } },
    (req) => stations.setCoverage(contextOf(req), req.params.stationId, req.body));
  r.get(`${base}/stations/:stationId/manager-candidates`, { schema: { tags, summary: '可设为联络站管理员的用户（管辖范围内的联络站管理员账号）', params: ZStationParams, querystring: ZOrgUserCandidateQuery, response: { 200: ZOrgUserCandidateList } } },
    (req) => stations.managerCandidates(contextOf(req), req.params.stationId, req.query.q));
  r.put(`${base}/stations/:stationId/managers`, { schema: { tags, summary: '设置联络站管理员', params: ZStationParams, body: ZUserIdsRequest, response: { 200: ZStationDetail } } },
    (req) => stations.setManagers(contextOf(req), req.params.stationId, req.body.userIds));
  r.post(`${base}/stations/:stationId/deactivate`, { schema: { tags, summary: '停用联络站', params: ZStationParams, response: { 200: ZStationDetail } } },
    (req) => stations.setActive(contextOf(req), req.params.stationId, false));
  r.post(`${base}/stations/:stationId/activate`, { schema: { tags, summary: '启用联络站', params: ZStationParams, response: { 200: ZStationDetail } } },
    (req) => stations.setActive(contextOf(req), req.params.stationId, true));

  // ─── Deputies ───
  r.get(`${base}/deputies`, { schema: { tags, summary: '代表列表与检索（姓名、拼音、首字母）', querystring: ZDeputyListQuery, response: { 200: ZDeputyList } } },
    (req) => deputies.list(contextOf(req), req.query));
  r.post(`${base}/deputies`, { schema: { tags, summary: '新建代表', body: ZDeputyCreateRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.create(contextOf(req), req.body));
  r.get(`${base}/deputies/:deputyId`, { schema: { tags, summary: '代表详情', params: ZDeputyParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.get(contextOf(req), req.params.deputyId));
  r.patch(`${base}/deputies/:deputyId`, { schema: { tags, summary: '修改代表', params: ZDeputyParams, body: ZDeputyUpdateRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.update(contextOf(req), req.params.deputyId, req.body));
  r.delete(`${base}/deputies/:deputyId`, { schema: { tags, summary: '删除误录的代表', params: ZDeputyParams, response: { 200: ZDeleted } } },
    (req) => deputies.remove(contextOf(req), req.params.deputyId));
  r.post(`${base}/deputies/:deputyId/deactivate`, { schema: { tags, summary: '停用代表', params: ZDeputyParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.setActive(contextOf(req), req.params.deputyId, false));
  r.post(`${base}/deputies/:deputyId/activate`, { schema: { tags, summary: '启用代表', params: ZDeputyParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.setActive(contextOf(req), req.params.deputyId, true));
  r.post(`${base}/deputies/:deputyId/reveal-phone`, { schema: { tags, summary: '查看代表完整电话（留痕）', params: ZDeputyParams, response: { 200: ZRevealedPhone } } },
    (req) => deputies.revealPhone(contextOf(req), req.params.deputyId));
  r.post(`${base}/deputies/:deputyId/mandates`, { schema: { tags, summary: '增加代表资格', params: ZDeputyParams, body: ZMandateInput, response: { 200: ZDeputyDetail } } },
    (req) => deputies.addMandate(contextOf(req), req.params.deputyId, req.body));
  r.patch(`${base}/deputies/:deputyId/mandates/:mandateId`, { schema: { tags, summary: '修改代表资格', params: ZMandateParams, body: ZMandateUpdateRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.updateMandate(contextOf(req), req.params.deputyId, req.params.mandateId, req.body));
  r.delete(`${base}/deputies/:deputyId/mandates/:mandateId`, { schema: { tags, summary: '删除代表资格', params: ZMandateParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.removeMandate(contextOf(req), req.params.deputyId, req.params.mandateId));
  r.post(`${base}/deputies/:deputyId/assignments`, { schema: { tags, summary: '安排进站入网格（R-ORG-5）', params: ZDeputyParams, body: ZAssignmentCreateRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.assign(contextOf(req), req.params.deputyId, req.body));
  r.patch(`${base}/deputies/:deputyId/assignments/:assignmentId`, { schema: { tags, summary: '修改进站入网格安排（依据、联络站、网格）', params: ZAssignmentParams, body: ZAssignmentUpdateRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.updateAssignment(contextOf(req), req.params.deputyId, req.params.assignmentId, req.body));
  r.put(`${base}/deputies/:deputyId/photo`, { schema: { tags, summary: '设置代表照片（先上传到 /api/attachments）', params: ZDeputyParams, body: ZDeputyPhotoRequest, response: { 200: ZDeputyDetail } } },
    (req) => deputies.setPhoto(contextOf(req), req.params.deputyId, req.body.attachmentId));
  r.get('/api/public/deputies/:publicId/photo/:attachmentId', {
    config: { auth: 'public' },
    schema: {
      tags,
      security: [],
      summary: '代表照片（服务卡、公开页使用，无需登录）',
      params: z.strictObject({ publicId: z.string().max(20), attachmentId: id('照片') }),
    },
  }, async (req, reply) => {
    const photo = await deputies.publicPhoto(req.params.publicId, req.params.attachmentId);
    return reply
      .type(photo.mimeType)
      .header('content-disposition', 'inline')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=86400')
      .send(photo.bytes);
  });
  r.delete(`${base}/deputies/:deputyId/photo`, { schema: { tags, summary: '删除代表照片', params: ZDeputyParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.removePhoto(contextOf(req), req.params.deputyId));
  r.delete(`${base}/deputies/:deputyId/assignments/:assignmentId`, { schema: { tags, summary: '取消进站入网格安排', params: ZAssignmentParams, response: { 200: ZDeputyDetail } } },
    (req) => deputies.unassign(contextOf(req), req.params.deputyId, req.params.assignmentId));

  // ─── Deputy groups and committee links ───
  r.get(`${base}/deputy-groups`, { schema: { tags, summary: '代表小组列表', querystring: ZDeputyGroupListQuery, response: { 200: ZDeputyGroupList } } },
    (req) => groups.listGroups(contextOf(req), req.query));
  r.post(`${base}/deputy-groups`, { schema: { tags, summary: '新建代表小组', body: ZDeputyGroupCreateRequest, response: { 200: ZDeputyGroupDetail } } },
    (req) => groups.createGroup(contextOf(req), req.body));
  r.get(`${base}/deputy-groups/:groupId`, { schema: { tags, summary: '代表小组详情', params: ZGroupParams, response: { 200: ZDeputyGroupDetail } } },
    (req) => groups.getGroup(contextOf(req), req.params.groupId));
  r.patch(`${base}/deputy-groups/:groupId`, { schema: { tags, summary: '修改代表小组', params: ZGroupParams, body: ZDeputyGroupUpdateRequest, response: { 200: ZDeputyGroupDetail } } },
    (req) => groups.updateGroup(contextOf(req), req.params.groupId, req.body));
  r.put(`${base}/deputy-groups/:groupId/members`, { schema: { tags, summary: '设置代表小组成员', params: ZGroupParams, body: ZDeputyGroupMembersRequest, response: { 200: ZDeputyGroupDetail } } },
    (req) => groups.setMembers(contextOf(req), req.params.groupId, req.body));
  r.delete(`${base}/deputy-groups/:groupId`, { schema: { tags, summary: '删除代表小组', params: ZGroupParams, response: { 200: ZDeleted } } },
    (req) => groups.removeGroup(contextOf(req), req.params.groupId));
  r.get(`${base}/committee-links`, { schema: { tags, summary: '联系代表、联系站点、联系部门', querystring: ZCommitteeLinkListQuery, response: { 200: ZCommitteeLinkList } } },
    (req) => groups.listLinks(contextOf(req), req.query));
  r.post(`${base}/committee-links`, { schema: { tags, summary: '新建联系', body: ZCommitteeLinkCreateRequest, response: { 200: ZCommitteeLink } } },
    (req) => groups.createLink(contextOf(req), req.body));
  r.delete(`${base}/committee-links/:linkId`, { schema: { tags, summary: '删除联系', params: ZLinkParams, response: { 200: ZDeleted } } },
    (req) => groups.removeLink(contextOf(req), req.params.linkId));

  // ─── Handling units and category routes ───
  r.get(`${base}/units`, { schema: { tags, summary: '承办单位列表', querystring: ZUnitListQuery, response: { 200: ZUnitList } } },
    (req) => units.list(contextOf(req), req.query));
  r.post(`${base}/units`, { schema: { tags, summary: '新建承办单位', body: ZUnitCreateRequest, response: { 200: ZUnitDetail } } },
    (req) => units.create(contextOf(req), req.body));
  r.get(`${base}/units/:unitId`, { schema: { tags, summary: '承办单位详情', params: ZUnitParams, response: { 200: ZUnitDetail } } },
    (req) => units.get(contextOf(req), req.params.unitId));
  r.patch(`${base}/units/:unitId`, { schema: { tags, summary: '修改承办单位', params: ZUnitParams, body: ZUnitUpdateRequest, response: { 200: ZUnitDetail } } },
    (req) => units.update(contextOf(req), req.params.unitId, req.body));
  r.delete(`${base}/units/:unitId`, { schema: { tags, summary: '删除承办单位（未办理过事项时）', params: ZUnitParams, response: { 200: ZDeleted } } },
    (req) => units.remove(contextOf(req), req.params.unitId));
  r.post(`${base}/units/:unitId/deactivate`, { schema: { tags, summary: '停用承办单位', params: ZUnitParams, response: { 200: ZUnitDetail } } },
    (req) => units.setActive(contextOf(req), req.params.unitId, false));
  r.post(`${base}/units/:unitId/activate`, { schema: { tags, summary: '启用承办单位', params: ZUnitParams, response: { 200: ZUnitDetail } } },
    (req) => units.setActive(contextOf(req), req.params.unitId, true));
  r.get(`${base}/units/:unitId/handler-candidates`, { schema: { tags, summary: '可设为经办人的用户（管辖范围内的承办单位经办人账号）', params: ZUnitParams, querystring: ZOrgUserCandidateQuery, response: { 200: ZOrgUserCandidateList } } },
    (req) => units.handlerCandidates(contextOf(req), req.params.unitId, req.query.q));
  r.put(`${base}/units/:unitId/handlers`, { schema: { tags, summary: '设置承办单位经办人', params: ZUnitParams, body: ZUserIdsRequest, response: { 200: ZUnitDetail } } },
    (req) => units.setHandlers(contextOf(req), req.params.unitId, req.body.userIds));
  r.get(`${base}/category-routes`, { schema: { tags, summary: '问题分类默认主办单位表', querystring: ZCategoryRouteListQuery, response: { 200: ZCategoryRouteList } } },
    (req) => units.listRoutes(contextOf(req), req.query));
  r.put(`${base}/category-routes`, { schema: { tags, summary: '设置分类的默认主办单位', body: ZCategoryRouteSetRequest, response: { 200: ZCategoryRoute } } },
    (req) => units.setRoute(contextOf(req), req.body));
  r.get(`${base}/category-routes/resolve`, { schema: { tags, summary: '查询某地某分类的默认主办单位', querystring: ZCategoryRouteResolveQuery, response: { 200: ZCategoryRouteResolution } } },
    (req) => units.resolveRoute(contextOf(req), req.query.regionCode, req.query.categoryCode));
  r.delete(`${base}/category-routes/:routeId`, { schema: { tags, summary: '删除分类路由', params: ZRouteParams, response: { 200: ZDeleted } } },
    (req) => units.removeRoute(contextOf(req), req.params.routeId));

  // ─── Coverage (R-ORG-6) ───
  r.get(`${base}/coverage`, { schema: { tags, summary: '覆盖情况（每个代表都进网格、每个网格都有代表、联络站覆盖每个村）', querystring: ZCoverageQuery, response: { 200: ZCoverageReport } } },
    (req) => coverage.report(contextOf(req), req.query.regionCode));
  r.get(`${base}/coverage/export`, { schema: { tags, summary: '导出覆盖情况（xlsx：按镇统计及各项缺口名单）', querystring: ZCoverageQuery } },
    async (req, reply) => {
      const { buffer, regionName } = await coverage.exportXlsx(contextOf(req), req.query.regionCode);
      const name = `覆盖情况（${regionName}）.xlsx`;
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="coverage.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(buffer);
    });

  // ─── Spreadsheet import/export and QR codes/service cards (items 7 and 8) ───
  await importExportRoutes(app);
  await cardsRoutes(app);
}
